package dev.pressure.examples;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureType;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The done-when program: a monitor with {@code maxHeapUsedBytes(1)} is under pressure
 * from its first sample on; with the check disabled (0) it never is.
 *
 * <pre>{@code java -cp pressure-core.jar:test-classes dev.pressure.examples.HeapLimitExample}</pre>
 */
public final class HeapLimitExample {

  private HeapLimitExample() {}

  /**
   * Runs both monitors and prints what they said.
   *
   * @param args ignored
   * @throws Exception when a monitor did not behave as described
   */
  public static void main(String[] args) throws Exception {
    Duration timeout = Duration.ofSeconds(10);
    PressureType limited = pressureAfterFirstSample(1, timeout);
    System.out.println("maxHeapUsedBytes(1): under pressure, type " + limited);
    PressureType disabled = pressureAfterFirstSample(0, timeout);
    System.out.println("maxHeapUsedBytes(0): " + (disabled == null ? "not under pressure" : disabled));
    if (limited != PressureType.HEAP_USED_BYTES || disabled != null) {
      throw new IllegalStateException("expected heapUsedBytes then nothing, got " + limited + " then " + disabled);
    }
  }

  /**
   * Starts a monitor sampling every 10 ms with the given heap limit, waits for its first
   * sample and returns its verdict then.
   *
   * @param maxHeapUsedBytes the limit; 0 disables the check
   * @param timeout how long to wait for the first sample
   * @return the type naming the pressure after the first sample, or null
   * @throws Exception when no sample came in time
   */
  public static PressureType pressureAfterFirstSample(long maxHeapUsedBytes, Duration timeout) throws Exception {
    CountDownLatch sampled = new CountDownLatch(1);
    try (PressureMonitor monitor = PressureMonitor.builder()
        .maxHeapUsedBytes(maxHeapUsedBytes)
        .sampleInterval(Duration.ofMillis(10))
        // A sampled signal is read during each sample: a cheap way to learn that one happened.
        .signal("samples", () -> {
          sampled.countDown();
          return 0;
        })
        .build()) {
      if (!sampled.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("no sample within " + timeout);
      }
      // The signal is read while the sample is taken; the snapshot is published right after.
      long deadline = System.nanoTime() + timeout.toNanos();
      while (monitor.snapshot().sequence() == 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no snapshot within " + timeout);
        }
        Thread.onSpinWait();
      }
      return monitor.pressureType();
    }
  }
}
