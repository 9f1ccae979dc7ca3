package dev.pressure.sample;

import dev.pressure.servlet.GracefulShutdown;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Starts the sample from environment variables (see {@link SampleConfig#VARIABLES}). SIGTERM
 * (and SIGINT) drain it: readiness fails at once while requests are still served for
 * SHUTDOWN_DELAY_MS, then new work is refused and requests in flight finish within
 * SHUTDOWN_GRACE_MS (what is left is answered 503 + Retry-After), then the process exits 0. A bad variable exits 2 with
 * {@code <VARIABLE>: <what is allowed>. Found: <value>} on stderr.
 */
public final class Main {

  private Main() {}

  /**
   * Entry point.
   *
   * @param args ignored; configuration comes from the environment
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    SampleConfig config;
    SampleApp app;
    try {
      config = SampleConfig.fromEnvironment(System.getenv());
      app = SampleApp.start(config); // a port in use or an unresolvable HOST is a bad value too
    } catch (IllegalArgumentException e) {
      System.err.println("pressure-sample: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println("pressure-sample listening on http://" + config.host + ":" + app.port());
    if (app.managementPort() >= 0) {
      System.out.println("pressure-sample management (/status, /metrics) on http://" + config.host + ":" + app.managementPort());
    }

    CountDownLatch stop = new CountDownLatch(1);
    // sun.misc.Signal (module jdk.unsupported) rather than a shutdown hook: a hook cannot choose
    // the exit status, and the contract is "drain, then exit 0".
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    stop.await();
    System.out.println("pressure-sample draining: readiness fails, requests served for "
        + config.shutdownDelay.toMillis() + " ms more, then new work is refused and requests in flight get up to "
        + config.shutdownGrace.toMillis() + " ms");
    GracefulShutdown.Outcome outcome = app.drainAndStop();
    System.out.println(outcome.idle() ? "pressure-sample drained, exiting"
        : "pressure-sample grace period over, " + outcome.answeredAtExpiry() + " requests answered 503, exiting");
    System.exit(0);
  }
}
