package dev.pressure.prometheus.metrics;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code promtool check metrics} on a scrape; $PROMTOOL, then PATH. Missing promtool fails (never skips). */
final class Promtool {

  private Promtool() {}

  /** @return promtool's output; fails the test when it exits non-zero */
  static String check(String exposition) throws Exception {
    Path tool = find();
    Process p = new ProcessBuilder(tool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool check metrics did not finish within 60 s");
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("promtool check metrics exited " + p.exitValue() + ":\n" + out + "\n--- scrape:\n" + exposition);
    }
    return out;
  }

  private static Path find() {
    String env = System.getenv("PROMTOOL");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "promtool");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError("promtool not found ($PROMTOOL, PATH): apt-get install prometheus (.ci/run does)");
  }
}
