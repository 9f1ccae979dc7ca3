package dev.pressure.prometheus;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool check metrics} (Debian package {@code prometheus}) on a scrape. Found via
 * the {@code PROMTOOL} environment variable, then {@code PATH}, then {@code /usr/bin/promtool}.
 * A missing promtool fails the test: it is never skipped ({@code .ci/run} installs it).
 */
final class Promtool {

  /** Exit code and everything promtool printed (stdout and stderr together). */
  record Result(int exitCode, String output) {}

  private Promtool() {}

  static Path find() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("PROMTOOL");
    if (env != null && !env.isBlank()) {
      candidates.add(Paths.get(env));
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          candidates.add(Paths.get(dir, "promtool"));
        }
      }
    }
    candidates.add(Paths.get("/usr/bin/promtool"));
    for (Path p : candidates) {
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError("promtool not found (looked at $PROMTOOL, $PATH, /usr/bin/promtool): "
        + "install the Debian package prometheus (apt-get install prometheus; .ci/run does) "
        + "or set PROMTOOL to its path");
  }

  /** {@code promtool check metrics} with {@code exposition} on stdin. */
  static Result checkMetrics(String exposition) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(find().toString(), "check", "metrics")
        .redirectErrorStream(true)
        .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool check metrics did not finish within 60 s");
    }
    return new Result(p.exitValue(), output);
  }
}
