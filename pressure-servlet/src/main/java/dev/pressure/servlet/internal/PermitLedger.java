package dev.pressure.servlet.internal;

import jakarta.servlet.AsyncContext;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The asynchronous requests holding a permit (synchronous ones cannot leak: a {@code finally}
 * releases them), and the {@code permitLeakWarning}: one still open after that long is logged
 * once with its request line. Checked at most once a second, from request threads that found
 * the gate full (when a leak costs capacity). Thread-safe.
 */
final class PermitLedger {

  private static final System.Logger LOG = System.getLogger("dev.pressure.servlet.admission");
  private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

  private final long warnAfterNanos;
  private final LongSupplier clock;
  private final Set<RequestCompletion> open = ConcurrentHashMap.newKeySet();
  private final Set<RequestCompletion> warned = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastCheck;

  PermitLedger(long warnAfterNanos, LongSupplier clock) {
    this.warnAfterNanos = warnAfterNanos;
    this.clock = clock;
    this.lastCheck = new AtomicLong(clock.getAsLong());
  }

  void opened(RequestCompletion c) {
    open.add(c);
  }

  void closed(RequestCompletion c) {
    open.remove(c);
    warned.remove(c);
  }

  int open() {
    return open.size();
  }

  /** {@return the container contexts of the open async requests (a drain answers them)} */
  List<AsyncContext> openContexts() {
    List<AsyncContext> contexts = new ArrayList<>();
    for (RequestCompletion c : open) {
      AsyncContext context = c.context;
      if (context != null) {
        contexts.add(context);
      }
    }
    return contexts;
  }

  /** Logs every open permit older than the warning, once each; rate-limited to once a second. */
  void check() {
    long now = clock.getAsLong();
    long last = lastCheck.get();
    if (now - last < CHECK_EVERY_NANOS || !lastCheck.compareAndSet(last, now)) {
      return;
    }
    checkNow(now);
  }

  /** Unconditional check (tests, and the rate-limited {@link #check()}). */
  int checkNow(long now) {
    int logged = 0;
    for (RequestCompletion c : open) {
      if (now - c.startNanos > warnAfterNanos && warned.add(c)) {
        logged++;
        LOG.log(Level.WARNING, "pressure: an admission permit has been held for "
            + (now - c.startNanos) / 1_000_000 + " ms (permitLeakWarning " + warnAfterNanos / 1_000_000
            + " ms) by " + c.requestLine + "; an async request that never completes keeps its permit");
      }
    }
    return logged;
  }
}
