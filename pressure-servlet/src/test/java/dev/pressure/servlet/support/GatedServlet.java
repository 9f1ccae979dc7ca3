package dev.pressure.servlet.support;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The servlet behind the admission tests: counts how many requests are inside it at once (from
 * entry until its answer is complete, async ones until {@code complete()}), records the order of
 * {@code ?id=} values, and behaves as its query says: {@code ms=N} works N ms (a real sleep for
 * a sync servlet, a scheduled completion for an async one), {@code latch=true} waits for
 * {@link #release()}, {@code fail=runtime|error} throws, {@code abandon=N} goes async and never
 * completes (the container times it out after N ms), {@code stream=true} streams an endless body
 * from an async thread until the write fails (a client reset), then completes.
 * {@code ?async=true} selects the async way.
 * State is static (one web application at a time) and reset by {@link #reset()}.
 */
public class GatedServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "gated-servlet-timer");
    t.setDaemon(true);
    return t;
  });

  /** Requests inside now. */
  public static final AtomicInteger INSIDE = new AtomicInteger();
  /** The most inside at once. */
  public static final AtomicInteger MAX_INSIDE = new AtomicInteger();
  /** Entries. */
  public static final AtomicInteger ENTERED = new AtomicInteger();
  /** The most requests queued at the gate seen at any entry. */
  public static final AtomicInteger MAX_QUEUED_SEEN = new AtomicInteger();
  /** {@code ?id=} values in entry order. */
  public static final List<String> ORDER = new CopyOnWriteArrayList<>();
  /** How many the gate holds queued (set by the test). */
  public static volatile IntSupplier queued = () -> 0;
  private static volatile CountDownLatch latch = new CountDownLatch(1);

  /** Clears the counters and re-arms the latch. */
  public static void reset() {
    INSIDE.set(0);
    MAX_INSIDE.set(0);
    ENTERED.set(0);
    MAX_QUEUED_SEEN.set(0);
    ORDER.clear();
    queued = () -> 0;
    latch.countDown();
    latch = new CountDownLatch(1);
  }

  /** Lets every latched request finish. */
  public static void release() {
    latch.countDown();
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ENTERED.incrementAndGet();
    MAX_INSIDE.accumulateAndGet(INSIDE.incrementAndGet(), Math::max);
    MAX_QUEUED_SEEN.accumulateAndGet(queued.getAsInt(), Math::max);
    if (req.getParameter("id") != null) {
      ORDER.add(req.getParameter("id"));
    }
    long ms = req.getParameter("ms") == null ? 0 : Long.parseLong(req.getParameter("ms"));
    boolean latched = "true".equals(req.getParameter("latch"));
    CountDownLatch waitFor = latch;
    String fail = req.getParameter("fail");
    if (req.getParameter("abandon") != null) {
      AsyncContext async = req.startAsync();
      async.setTimeout(Long.parseLong(req.getParameter("abandon")));
      INSIDE.decrementAndGet(); // never completes: the container ends it
      return;
    }
    if (!"true".equals(req.getParameter("async"))) {
      try {
        work(ms, latched, waitFor);
        if ("runtime".equals(fail)) {
          throw new IllegalStateException("servlet failed");
        }
        if ("error".equals(fail)) {
          throw new AssertionError("servlet failed with an Error");
        }
        resp.getWriter().write("ok");
        resp.flushBuffer();
      } finally {
        INSIDE.decrementAndGet();
      }
      return;
    }
    AsyncContext async = req.startAsync();
    async.setTimeout(30_000);
    if ("true".equals(req.getParameter("stream"))) {
      async.start(() -> {
        byte[] chunk = new byte[16 * 1024];
        try {
          for (int i = 0; i < 16 * 1024; i++) {
            async.getResponse().getOutputStream().write(chunk);
            async.getResponse().flushBuffer();
          }
        } catch (IOException | RuntimeException e) {
          // the client reset the connection (or Tomcat already ended the cycle)
        } finally {
          INSIDE.decrementAndGet();
          try {
            async.complete();
          } catch (IllegalStateException alreadyEnded) {
            // the container completed it after the error
          }
        }
      });
      return;
    }
    Runnable finish = () -> {
      try {
        async.getResponse().getWriter().write("ok");
        async.getResponse().flushBuffer();
      } catch (IOException | RuntimeException e) {
        // client gone
      } finally {
        INSIDE.decrementAndGet();
        async.complete();
      }
    };
    if (latched) {
      async.start(() -> {
        try {
          waitFor.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        finish.run();
      });
    } else {
      TIMER.schedule(finish, ms, TimeUnit.MILLISECONDS);
    }
  }

  private static void work(long ms, boolean latched, CountDownLatch waitFor) {
    try {
      Thread.sleep(ms); // simulated work, not a wait for test state
      if (latched) {
        waitFor.await(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
