package dev.pressure.servlet.support;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Goes async and finishes on another thread, as an application waiting on a slow backend:
 * {@code ?ms=N} completes after N ms (a real sleep simulating slow work); {@code ?dispatch=/hello}
 * re-dispatches there instead of completing ({@code ?dispatch=/async} starts a second async
 * cycle, which waits N ms again); {@code ?latch=true} waits for {@link #release()};
 * {@code ?timeoutMs=N} never completes and lets the container time the request out.
 */
public class AsyncServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static volatile CountDownLatch latch = new CountDownLatch(1);

  /** Re-arms the latch for the next test. */
  public static void reset() {
    latch = new CountDownLatch(1);
  }

  /** Lets every latched request finish. */
  public static void release() {
    latch.countDown();
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    AsyncContext async = req.startAsync();
    String timeout = req.getParameter("timeoutMs");
    if (timeout != null) {
      async.setTimeout(Long.parseLong(timeout)); // nobody completes it: the container times it out
      return;
    }
    async.setTimeout(30_000);
    long ms = req.getParameter("ms") == null ? 0 : Long.parseLong(req.getParameter("ms"));
    // Parameters survive an async dispatch: only the first cycle dispatches.
    String dispatch = req.getDispatcherType() == DispatcherType.ASYNC ? null : req.getParameter("dispatch");
    boolean latched = "true".equals(req.getParameter("latch"));
    CountDownLatch waitFor = latch;
    async.start(() -> {
      try {
        Thread.sleep(ms); // simulated slow work, not a wait for test state
        if (latched) {
          waitFor.await(30, TimeUnit.SECONDS);
        }
        if (dispatch != null) {
          async.dispatch(dispatch);
          return;
        }
        async.getResponse().setContentType("text/plain");
        async.getResponse().getWriter().write("done");
      } catch (InterruptedException | IOException e) {
        Thread.currentThread().interrupt();
      }
      async.complete();
    });
  }
}
