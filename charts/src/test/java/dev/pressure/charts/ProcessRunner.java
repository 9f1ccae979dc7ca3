package dev.pressure.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived command to completion within a time limit. */
final class ProcessRunner {

  record Result(int exitCode, String output) {}

  private ProcessRunner() {}

  /** Runs the command in the directory; stdout and stderr together; killed past the timeout. */
  static Result run(Path workDir, Duration timeout, List<String> command) {
    Path output = null;
    Process process = null;
    try {
      // A file, not a pipe: a full pipe cannot block the process, and no reader thread is needed.
      output = Files.createTempFile("process-", ".out");
      process = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(command + " did not finish within " + timeout
            + "; output so far:\n" + Files.readString(output));
      }
      return new Result(process.exitValue(), Files.readString(output));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } finally {
      if (process != null) {
        process.destroyForcibly();
      }
      deleteQuietly(output);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // A leftover temp file is harmless.
    }
  }

  /** A process's log file so far, for failure messages; never throws. */
  static String readLog(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }
}
