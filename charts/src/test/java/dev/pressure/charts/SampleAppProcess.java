package dev.pressure.charts;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The sample app ({@code dev.pressure.sample.Main}, from the test class path: the module's
 * test dependency on sample-app) as a child process listening on a free loopback port, its
 * output in a file the test owns. {@link #close()} kills it: use try-with-resources.
 */
final class SampleAppProcess implements AutoCloseable {

  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final Path log;
  private final int port;

  private SampleAppProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    try {
      this.port = awaitPort();
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /**
   * Starts the sample with this environment, except HOST and PORT (127.0.0.1, any free port),
   * and returns once it says it is listening.
   */
  static SampleAppProcess start(Map<String, String> env, Path workDir) {
    Path log = workDir.resolve("sample.log");
    ProcessBuilder builder = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            "dev.pressure.sample.Main"))
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.environment().put("HOST", "127.0.0.1");
    builder.environment().put("PORT", "0");
    try {
      return new SampleAppProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the sample app", e);
    }
  }

  int port() {
    return port;
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  /** Its output so far, for failure messages. */
  String log() {
    return ProcessRunner.readLog(log);
  }

  /**
   * Kills the sample (SIGKILL): its drain on SIGTERM is tested in sample-app, and the tests
   * here leave requests in flight on purpose.
   */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int awaitPort() {
    int[] found = new int[1];
    try {
      await("the sample app listening")
          .atMost(STARTUP_TIMEOUT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> {
            Matcher listening = LISTENING.matcher(log());
            if (listening.find()) {
              found[0] = Integer.parseInt(listening.group(1));
              return true;
            }
            if (!process.isAlive()) {
              throw new IllegalStateException(
                  "the sample app exited with " + process.exitValue() + " before listening:\n" + log());
            }
            return false;
          });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          "the sample app did not listen within " + STARTUP_TIMEOUT + "; its output:\n" + log(), e);
    }
    return found[0];
  }
}
