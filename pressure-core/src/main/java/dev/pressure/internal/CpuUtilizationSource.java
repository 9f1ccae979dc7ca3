package dev.pressure.internal;

import java.util.function.LongSupplier;

/**
 * Process CPU utilization over the last interval, as a share (0..1) of the CPUs this
 * container may use. Per interval, never cumulative since start (under-pressure issue #294:
 * a cumulative figure hides a busy minute behind an idle hour). Called by one sampler thread.
 */
public final class CpuUtilizationSource {

  private final LongSupplier processCpuNanos;
  private final LongSupplier clock;
  private final double cpus;
  private long lastCpu;
  private long lastWall;

  /**
   * Starts measuring from the process's current CPU time.
   *
   * @param processCpuNanos the process's cumulative CPU time; negative when unsupported
   * @param clock nanosecond wall clock
   * @param cpus CPUs the process may use, {@code > 0}
   */
  public CpuUtilizationSource(LongSupplier processCpuNanos, LongSupplier clock, double cpus) {
    this.processCpuNanos = processCpuNanos;
    this.clock = clock;
    this.cpus = cpus;
    this.lastCpu = firstReading(processCpuNanos);
    this.lastWall = clock.getAsLong();
  }

  /** A source that fails at start must not stop the monitor from starting: read it as unsupported. */
  private static long firstReading(LongSupplier processCpuNanos) {
    try {
      return processCpuNanos.getAsLong();
    } catch (Throwable e) {
      return -1;
    }
  }

  /**
   * Utilization since the previous call (or construction).
   *
   * @return 0..1, or NaN when process CPU time is unsupported
   */
  public double sample() {
    long cpu = processCpuNanos.getAsLong();
    long wall = clock.getAsLong();
    if (cpu < 0 || lastCpu < 0) {
      lastCpu = cpu;
      lastWall = wall;
      return Double.NaN;
    }
    long cpuDelta = cpu - lastCpu;
    long wallDelta = wall - lastWall;
    lastCpu = cpu;
    lastWall = wall;
    if (wallDelta <= 0) {
      return 0;
    }
    double utilization = cpuDelta / (wallDelta * cpus);
    // A measurement, not a setting: rounding between the two clocks can overshoot slightly.
    return Math.max(0, Math.min(1, utilization));
  }

  /**
   * Whether the last reading of process CPU time worked (false without {@code jdk.management}).
   *
   * @return true when supported
   */
  public boolean supported() {
    return lastCpu >= 0;
  }

  /**
   * The CPUs utilization is measured against.
   *
   * @return CPUs
   */
  public double cpus() {
    return cpus;
  }
}
