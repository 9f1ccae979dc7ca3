package dev.pressure.bench.overload;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The server side's record of the work it did: per served request, the client's intended send
 * time (from {@link RequestMarks#INTENDED_HEADER}), and when its service began and ended (the
 * time it held the bottleneck in {@link FixedCapacity#serve}). Client and server share one JVM,
 * so all three are on one {@link System#nanoTime()} clock and can be compared with the client's
 * deadline ({@link WastedWork}).
 *
 * <p>Bounded memory: {@code capacity} entries, allocated up front (three {@code long}s each);
 * requests beyond are counted in {@link #dropped()}, not recorded. Recording claims a slot with
 * one atomic increment and writes three array cells: no lock, no allocation.
 *
 * <p>Thread-safe: any number of request threads record; read after the run (the cells are
 * volatile, so a reader sees every completed entry).
 */
final class ServiceLog {

  /** Entries kept per server: more than a full-mode cell sends at 10x the resource workload's capacity. */
  static final int DEFAULT_CAPACITY = 1 << 17;

  private final AtomicLongArray intended;
  private final AtomicLongArray began;
  private final AtomicLongArray ended;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();

  /** @param capacity the most entries kept */
  ServiceLog(int capacity) {
    intended = new AtomicLongArray(capacity);
    began = new AtomicLongArray(capacity);
    ended = new AtomicLongArray(capacity);
  }

  /**
   * Records one served request.
   *
   * @param intendedNanos the client's intended send time
   * @param beganNanos when its service began
   * @param endedNanos when it ended
   */
  void record(long intendedNanos, long beganNanos, long endedNanos) {
    int i = next.getAndIncrement();
    if (i >= intended.length() || i < 0) {
      dropped.incrementAndGet();
      return;
    }
    intended.set(i, intendedNanos);
    began.set(i, beganNanos);
    ended.set(i, endedNanos); // last: a non-zero end marks a complete entry
  }

  /** @return entries recorded (complete or being written) */
  int size() {
    return Math.min(next.get(), intended.length());
  }

  /** @return requests served but not recorded because the log was full */
  long dropped() {
    return dropped.get();
  }

  /** @return intended send time of entry {@code i} */
  long intended(int i) {
    return intended.get(i);
  }

  /** @return service start of entry {@code i} */
  long began(int i) {
    return began.get(i);
  }

  /** @return service end of entry {@code i}, 0 while it is still being written */
  long ended(int i) {
    return ended.get(i);
  }
}
