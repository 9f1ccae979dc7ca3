package dev.pressure.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the wrk executable (Debian package {@code wrk}, 4.1) and parses what it prints.
 *
 * <p>Each run is bounded: wrk gets its {@code -d} plus {@value #GRACE_SECONDS} s (it connects,
 * runs, then waits up to its {@code --timeout} of 2 s for answers still out) and is killed
 * beyond that. Standard output and standard error are drained on their own threads so a chatty
 * wrk can never block on a full pipe. Not thread-safe: one run at a time.
 *
 * @param executable the wrk binary
 */
record Wrk(Path executable) {

  /** How long past its {@code -d} a wrk run may take before it is killed. */
  static final int GRACE_SECONDS = 15;

  /**
   * Checks that wrk can run here.
   *
   * @return this
   * @throws IllegalStateException naming the Debian package when the executable is missing
   */
  Wrk check() {
    if (!Files.isExecutable(executable)) {
      throw new IllegalStateException("wrk: an executable wrk 4.x (Debian package `wrk`: apt-get install wrk; "
          + "or pass --wrk PATH). Found: nothing at " + executable);
    }
    return this;
  }

  /** {@return the first line of {@code wrk -v}, e.g. {@code wrk debian/4.1.0-3+b2 [epoll] ...}} */
  String version() throws IOException, InterruptedException {
    String out = exec(List.of(executable.toString(), "-v"), 10).stdout;
    return out.lines().findFirst().orElse("wrk (no version printed)").trim();
  }

  /**
   * One wrk run with {@code --latency}.
   *
   * @param uri the URL
   * @param threads {@code -t}
   * @param connections {@code -c}
   * @param seconds {@code -d}
   * @return the parsed output
   * @throws IllegalStateException when wrk fails, times out or prints no summary
   */
  WrkOutput run(URI uri, int threads, int connections, int seconds) throws IOException, InterruptedException {
    List<String> command = List.of(executable.toString(), "-t" + threads, "-c" + connections, "-d" + seconds + "s",
        "--latency", uri.toString());
    Result r = exec(command, seconds + GRACE_SECONDS);
    if (r.exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + ": exit " + r.exit + "\n" + r.stdout + r.stderr);
    }
    try {
      return WrkOutput.parse(r.stdout);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage() + r.stderr, e);
    }
  }

  private record Result(int exit, String stdout, String stderr) {}

  private static Result exec(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close(); // wrk reads nothing
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      throw new IllegalStateException(String.join(" ", command) + ": still running after " + timeoutSeconds
          + " s, killed");
    }
    return new Result(p.exitValue(), out.join(), err.join());
  }

  private static CompletableFuture<String> drain(InputStream in) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try (in) {
        text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        text.completeExceptionally(e);
      }
    }, "wrk-output");
    t.setDaemon(true);
    t.start();
    return text;
  }
}
