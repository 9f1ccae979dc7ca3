package dev.pressure.charts;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a program the tests need: the path in its environment variable, else PATH, else
 * /usr/bin. A missing program fails the test (never skips it), so CI cannot pass without it.
 */
final class ExternalTool {

  static final String DEBIAN_HINT = "apt-get install -y prometheus";

  private ExternalTool() {}

  static Path promtool() {
    return find("promtool", "PROMTOOL");
  }

  static Path prometheus() {
    return find("prometheus", "PROMETHEUS");
  }

  static Path find(String name, String envVar) {
    return find(name, envVar, DEBIAN_HINT);
  }

  static Path find(String name, String envVar, String debianHint) {
    String configured = System.getenv(envVar);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(envVar + "=" + configured + " is not an executable file");
      }
      return path;
    }
    return onPath(name)
        .or(() -> executable(Path.of("/usr/bin", name)))
        .orElseThrow(() -> new IllegalStateException(
            name + " not found: set " + envVar + " to its path or put it on PATH"
                + " (Debian/Ubuntu: " + debianHint + ")"));
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static Optional<Path> executable(Path path) {
    return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
  }
}
