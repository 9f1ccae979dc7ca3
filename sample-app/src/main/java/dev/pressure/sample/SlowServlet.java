package dev.pressure.sample;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * backpressure-example's {@code /slow}: answers {@code hello world} after the nominal duration,
 * asynchronously, so no thread is held while it waits. With DEMO_CONTROLS=true,
 * {@code ?delayMs=N} (0..60000) overrides the duration for one request, so a user (or a test)
 * can push the latency window over a tier's limit with curl; without it the parameter is
 * refused (400), since any client could otherwise slow the pod down at will.
 */
final class SlowServlet extends HttpServlet {

  private static final long MAX_DELAY_MS = 60_000;
  private static final byte[] BODY = "hello world".getBytes(StandardCharsets.US_ASCII);

  private final long delayNanos;
  private final boolean demoControls;
  private final transient ScheduledExecutorService timer;

  SlowServlet(long delayNanos, boolean demoControls, ScheduledExecutorService timer) {
    this.delayNanos = delayNanos;
    this.demoControls = demoControls;
    this.timer = timer;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    long delay = delayNanos;
    String override = req.getParameter("delayMs");
    if (override != null && !demoControls) {
      resp.sendError(400, "delayMs: only with DEMO_CONTROLS=true");
      return;
    }
    if (override != null) {
      try {
        if (!override.matches("[0-9]{1,5}")) { // ASCII digits only: Long.parseLong takes others and '+'
          throw new NumberFormatException();
        }
        long ms = Long.parseLong(override);
        if (ms < 0 || ms > MAX_DELAY_MS) {
          throw new NumberFormatException();
        }
        delay = TimeUnit.MILLISECONDS.toNanos(ms);
      } catch (NumberFormatException e) {
        resp.sendError(400, "delayMs: a whole number of milliseconds in [0, 60000]");
        return;
      }
    }
    AsyncContext async = req.startAsync();
    async.setTimeout(0); // the timer completes it; the container must not time it out first
    try {
      timer.schedule(() -> answer(async), delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Shutting down: the timer is gone.
      resp.setStatus(503);
      async.complete();
    }
  }

  private static void answer(AsyncContext async) {
    try {
      HttpServletResponse resp = (HttpServletResponse) async.getResponse();
      resp.setContentType("text/plain;charset=utf-8");
      resp.setContentLength(BODY.length);
      resp.getOutputStream().write(BODY);
    } catch (IOException | RuntimeException e) {
      // The client went away; there is nobody to answer.
    } finally {
      async.complete();
    }
  }
}
