package dev.pressure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuUtilizationSourceTest {

  private final AtomicLong wall = new AtomicLong(77_000_000_000L);
  private final AtomicLong cpu = new AtomicLong(3_000_000_000L);

  private void interval(long wallNanos, long cpuNanos) {
    wall.addAndGet(wallNanos);
    cpu.addAndGet(cpuNanos);
  }

  @Test
  void utilizationIsPerIntervalNotCumulative() {
    CpuUtilizationSource source = new CpuUtilizationSource(cpu::get, wall::get, 1);
    // A long idle stretch...
    for (int i = 0; i < 60; i++) {
      interval(1_000_000_000L, 10_000_000L);
      assertThat(source.sample()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-9));
    }
    // ...does not hide a busy second (cumulative since start would say ~0.026).
    interval(1_000_000_000L, 950_000_000L);
    assertThat(source.sample()).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-9));
    interval(1_000_000_000L, 0);
    assertThat(source.sample()).isZero();
  }

  @Test
  void utilizationIsAShareOfTheAllowedCpus() {
    CpuUtilizationSource source = new CpuUtilizationSource(cpu::get, wall::get, 2.5);
    interval(1_000_000_000L, 1_250_000_000L);
    assertThat(source.sample()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(source.cpus()).isEqualTo(2.5);
  }

  @Test
  void firstSampleCoversTheTimeSinceConstruction() {
    CpuUtilizationSource source = new CpuUtilizationSource(cpu::get, wall::get, 1);
    interval(400_000_000L, 100_000_000L);
    assertThat(source.sample()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void overshootFromClockSkewIsClampedToOne() {
    CpuUtilizationSource source = new CpuUtilizationSource(cpu::get, wall::get, 1);
    interval(1_000_000_000L, 1_000_100_000L);
    assertThat(source.sample()).isEqualTo(1.0);
  }

  @Test
  void noWallTimeIsZero() {
    CpuUtilizationSource source = new CpuUtilizationSource(cpu::get, wall::get, 1);
    cpu.addAndGet(5);
    assertThat(source.sample()).isZero();
  }

  @Test
  void unsupportedCpuTimeIsNaNAndRecovers() {
    AtomicLong flaky = new AtomicLong(-1);
    CpuUtilizationSource source = new CpuUtilizationSource(flaky::get, wall::get, 1);
    wall.addAndGet(1_000_000_000L);
    assertThat(source.sample()).isNaN();
    flaky.set(2_000_000_000L);
    wall.addAndGet(1_000_000_000L);
    assertThat(source.sample()).as("no earlier reading to compare with").isNaN();
    flaky.addAndGet(300_000_000L);
    wall.addAndGet(1_000_000_000L);
    assertThat(source.sample()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
  }
}
