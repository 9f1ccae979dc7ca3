package dev.pressure.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Logs at most one message per period per instance through {@link System.Logger}, counting
 * what it suppressed, so a failing signal sampled every 10 ms cannot flood the log. Messages
 * and throwables are escaped ({@link LogText}): outside text cannot forge log lines.
 * Thread-safe; allocation only when a message is actually logged.
 */
public final class RateLimitedLogger {

  private static final System.Logger LOG = System.getLogger("dev.pressure");

  private final long periodNanos;
  private final LongSupplier clock;
  private final AtomicLong nextAllowed;
  private final AtomicLong suppressed = new AtomicLong();

  /**
   * A logger that logs at most one message per {@code periodNanos}.
   *
   * @param periodNanos minimum time between two logged messages
   * @param clock nanosecond clock
   */
  public RateLimitedLogger(long periodNanos, LongSupplier clock) {
    this.periodNanos = periodNanos;
    this.clock = clock;
    this.nextAllowed = new AtomicLong(clock.getAsLong());
  }

  /**
   * Logs the message unless one was logged less than a period ago.
   *
   * @param level the level
   * @param message the message
   * @param error the cause, may be null
   * @return whether it was logged
   */
  public boolean log(Level level, String message, Throwable error) {
    long now = clock.getAsLong();
    long next = nextAllowed.get();
    if (now - next < 0 || !nextAllowed.compareAndSet(next, now + periodNanos)) {
      suppressed.incrementAndGet();
      return false;
    }
    long dropped = suppressed.getAndSet(0);
    String safe = LogText.escape(message);
    String text = dropped == 0 ? safe : safe + " (" + dropped + " similar messages suppressed)";
    if (error == null) {
      LOG.log(level, text);
    } else {
      LOG.log(level, text, LogText.safe(error));
    }
    return true;
  }
}
