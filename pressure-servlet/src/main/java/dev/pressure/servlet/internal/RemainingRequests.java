package dev.pressure.servlet.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The end of a grace period: every asynchronous request still open is answered 503 (the
 * draining answer) and completed, so its client gets a status it can retry instead of a
 * container error page or a reset connection. Stateless.
 */
public final class RemainingRequests {

  private static final System.Logger LOG = System.getLogger(RemainingRequests.class.getName());

  private RemainingRequests() {}

  /**
   * Answers and completes each context; a committed response is only completed, and a context
   * the application completes at the same moment is left to it.
   *
   * @param open the contexts still open
   * @param shed the filter's answer
   * @param type the type to report, {@code draining}
   * @param onAnswered called once per request answered 503 (to count it as shed)
   * @return how many were answered 503
   */
  public static int answer(List<AsyncContext> open, ShedResponse shed, String type, Runnable onAnswered) {
    int answered = 0;
    for (AsyncContext async : open) {
      try {
        if (async.getResponse() instanceof HttpServletResponse r && shed.write(r, type, true)) {
          onAnswered.run();
          answered++;
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, "pressure: answering a request at the end of the grace period failed", e);
      } finally {
        try {
          async.complete();
        } catch (IllegalStateException e) {
          // The application completed it meanwhile.
        }
      }
    }
    return answered;
  }
}
