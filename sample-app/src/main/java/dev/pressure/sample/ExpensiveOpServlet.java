package dev.pressure.sample;

import dev.pressure.admission.Permit;
import dev.pressure.servlet.UnderPressureFilter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * performance-sandbox's {@code /expensive-op}: one task of {@code taskNanos}, answered
 * {@code {"durationMs": N}}, N being the time from arrival to completion (waiting included:
 * what the client experienced). The library's admission gate in front runs at most CONCURRENCY
 * tasks and queues SHED_MULTIPLIER x CONCURRENCY more without threads; the task itself holds no
 * thread either (its completion is scheduled).
 */
final class ExpensiveOpServlet extends HttpServlet {

  /** Request attribute with the arrival time ({@link System#nanoTime()}), set by {@link ArrivalFilter}. */
  static final String ARRIVAL_ATTRIBUTE = "dev.pressure.sample.arrival";

  private final long taskNanos;
  private final transient ScheduledExecutorService timer;

  ExpensiveOpServlet(long taskNanos, ScheduledExecutorService timer) {
    this.taskNanos = taskNanos;
    this.timer = timer;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    Object arrival = req.getAttribute(ARRIVAL_ATTRIBUTE);
    long start = arrival instanceof Long ? (Long) arrival : System.nanoTime();
    AsyncContext async = req.startAsync();
    async.setTimeout(0); // the task completes it
    Permit permit = (Permit) req.getAttribute(UnderPressureFilter.PERMIT_ATTRIBUTE);
    timer.schedule(() -> answer(async, permit, System.nanoTime() - start), taskNanos, TimeUnit.NANOSECONDS);
  }

  private static void answer(AsyncContext async, Permit permit, long nanos) {
    // Hand the permit to the next waiting task before answering: a client that sends its next
    // request the moment it reads this answer must find one task fewer waiting (with
    // CONCURRENCY=1 and 5 clients, answering first would refuse a client of a full queue).
    if (permit != null) {
      permit.release();
    }
    try {
      byte[] body = ("{\"durationMs\":" + TimeUnit.NANOSECONDS.toMillis(nanos) + "}")
          .getBytes(StandardCharsets.US_ASCII);
      HttpServletResponse resp = (HttpServletResponse) async.getResponse();
      resp.setContentType("application/json");
      resp.setContentLength(body.length);
      resp.getOutputStream().write(body);
    } catch (IOException | RuntimeException e) {
      // The client went away.
    } finally {
      async.complete();
    }
  }
}
