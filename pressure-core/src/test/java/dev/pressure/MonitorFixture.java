package dev.pressure;

import dev.pressure.internal.JvmSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A monitor wired to fakes: a fake clock, fake CPU time, fake heap readings, a fake
 * /proc/self/status, a fake cgroup tree limiting the process to one CPU, and a lag probe the
 * test ticks itself. Sampling is off; tests call {@link #sample()}.
 */
final class MonitorFixture implements AutoCloseable {

  static final Duration RESOLUTION = Duration.ofMillis(10);

  final FakeClock clock = new FakeClock();
  final AtomicLong cpuNanos = new AtomicLong();
  final AtomicLong heapUsed = new AtomicLong(1_000);
  final AtomicLong heapAfterGc = new AtomicLong(-1);
  final Path procStatus;
  final Path cgroupRoot;
  /** Lag the next {@link #tick()} on the test thread adds beyond the resolution. */
  volatile long nextLagNanos;
  volatile RuntimeException heapFailure;
  private final List<PressureMonitor> monitors = new ArrayList<>();

  MonitorFixture(Path dir) {
    try {
      procStatus = dir.resolve("status");
      cgroupRoot = Files.createDirectories(dir.resolve("cgroup"));
      Files.writeString(cgroupRoot.resolve("cpu.max"), "100000 100000\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rssKiB(1);
  }

  /** Writes a status file with {@code VmRSS: <kib> kB}. */
  void rssKiB(long kib) {
    writeStatus("Name:\tjava\nVmPeak:\t  999999 kB\nVmRSS:\t  " + kib + " kB\nThreads:\t12\n");
  }

  void writeStatus(String text) {
    try {
      Files.writeString(procStatus, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JvmSources sources() {
    JvmSources s = new JvmSources();
    s.processCpuNanos = cpuNanos::get;
    s.heapUsed = () -> {
      RuntimeException e = heapFailure;
      if (e != null) {
        throw e;
      }
      return heapUsed.get();
    };
    s.heapAfterGc = heapAfterGc::get;
    s.procStatus = procStatus;
    s.cgroupRoot = cgroupRoot;
    s.lagSleeper = nanos -> {
      if (Thread.currentThread().getName().contains("-lag-")) {
        // The monitor's own probe thread parks here until close() interrupts it: the test
        // drives the probe with tick() instead.
        new CountDownLatch(1).await();
      } else {
        clock.advanceNanos(nanos + nextLagNanos);
      }
    };
    return s;
  }

  /** A builder on the fakes, sampling off, 1 s interval. */
  PressureMonitor.Builder builder() {
    return PressureMonitor.builder()
        .clock(clock)
        .sources(sources())
        .autoSample(false)
        .sampleInterval(Duration.ofSeconds(1))
        .eventLoopResolution(RESOLUTION);
  }

  PressureMonitor build(Consumer<PressureMonitor.Builder> config) {
    PressureMonitor.Builder b = builder();
    config.accept(b);
    PressureMonitor m = b.build();
    monitors.add(m);
    return m;
  }

  /** One probe tick on the caller's thread: the clock moves by the resolution plus {@link #nextLagNanos}. */
  void tick(PressureMonitor m) {
    try {
      m.lagProbe().tick();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** One probe tick (moving the clock), then a sample on the caller's thread. */
  PressureSnapshot sample(PressureMonitor m) {
    tick(m);
    return m.sampleNow();
  }

  @Override
  public void close() {
    for (PressureMonitor m : monitors) {
      m.close();
    }
  }
}
