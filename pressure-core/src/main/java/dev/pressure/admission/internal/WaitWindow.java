package dev.pressure.admission.internal;

import java.util.Arrays;

/**
 * How long the latest granted requests waited: a ring of the last {@link #CAPACITY} waits with
 * their times, quantiles over those younger than {@link #MAX_AGE_NANOS}. Not thread-safe: the
 * gate records and reads it under its lock (both off the permit-free fast path).
 */
final class WaitWindow {

  static final int CAPACITY = 4096;
  static final long MAX_AGE_NANOS = 60_000_000_000L;

  private final long[] waits = new long[CAPACITY];
  private final long[] times = new long[CAPACITY];
  private int next;
  private int count;

  void record(long waitNanos, long now) {
    waits[next] = waitNanos;
    times[next] = now;
    next = (next + 1) % CAPACITY;
    if (count < CAPACITY) {
      count++;
    }
  }

  /** {@return the quantile's wait in nanoseconds over the window (nearest rank), 0 when empty} */
  long quantile(double q, long now) {
    long[] live = new long[count];
    int n = 0;
    for (int i = 0; i < count; i++) {
      if (now - times[i] <= MAX_AGE_NANOS) {
        live[n++] = waits[i];
      }
    }
    if (n == 0) {
      return 0;
    }
    Arrays.sort(live, 0, n);
    int rank = (int) Math.ceil(q * n) - 1;
    return live[Math.max(0, Math.min(n - 1, rank))];
  }
}
