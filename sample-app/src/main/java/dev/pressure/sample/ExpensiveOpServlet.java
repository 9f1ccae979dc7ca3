package dev.pressure.sample;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * performance-sandbox's {@code /expensive-op}: runs one task through the constrained queue and
 * answers {@code {"durationMs": N}}, N being the time from admission to completion (waiting
 * included: what the client experienced). The filter in front sheds when admitting would put
 * more than SHED_MULTIPLIER x CONCURRENCY tasks in the queue; the queue's own atomic bound
 * refuses the rare request that slips past that check at the same instant as another.
 */
final class ExpensiveOpServlet extends HttpServlet {

  private final transient ExpensiveOpQueue queue;
  private final int maxWaiting;
  private final transient Refusal refusal;

  /** Answers a request the queue refused, the way the filter answers a shed one. */
  interface Refusal {
    void refuse(HttpServletRequest req, HttpServletResponse resp) throws IOException;
  }

  ExpensiveOpServlet(ExpensiveOpQueue queue, int maxWaiting, Refusal refusal) {
    this.queue = queue;
    this.maxWaiting = maxWaiting;
    this.refusal = refusal;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    AsyncContext async = req.startAsync();
    async.setTimeout(0); // the queue completes it
    boolean admitted = queue.tryEnqueue(maxWaiting, nanos -> answer(async, nanos));
    if (!admitted) {
      try {
        refusal.refuse(req, resp);
      } finally {
        async.complete();
      }
    }
  }

  private static void answer(AsyncContext async, long nanos) {
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
