package dev.pressure.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when a test says so. Thread-safe. */
final class FakeClock implements LongSupplier {

  private final AtomicLong nanos;

  FakeClock(long startNanos) {
    nanos = new AtomicLong(startNanos);
  }

  FakeClock() {
    // Far from zero, so code that mixes up "0" and "now" shows.
    this(1_000_000_000_000L);
  }

  @Override
  public long getAsLong() {
    return nanos.get();
  }

  long advance(Duration d) {
    return nanos.addAndGet(d.toNanos());
  }

  long advanceNanos(long d) {
    return nanos.addAndGet(d);
  }
}
