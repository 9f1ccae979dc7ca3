package dev.pressure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.LagStatistic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchedulingLagProbeTest {

  private static final long RESOLUTION = 10_000_000L;

  private final AtomicLong clock = new AtomicLong(5_000_000_000L);
  /** Lags the fake sleeper adds to successive ticks, beyond the resolution. */
  private final List<Long> lags = new ArrayList<>();
  private final SchedulingLagProbe probe = new SchedulingLagProbe(clock::get, nanos -> {
    assertThat(nanos).isEqualTo(RESOLUTION);
    clock.addAndGet(nanos + lags.remove(0));
  }, RESOLUTION);

  private void ticks(long... lagNanos) throws InterruptedException {
    for (long lag : lagNanos) {
      lags.add(lag);
      probe.tick();
    }
  }

  @Test
  void meanIsTheAverageLagOfTheInterval() throws Exception {
    ticks(0, 2_000_000, 4_000_000, 6_000_000);
    assertThat(probe.drain(LagStatistic.MEAN)).isEqualTo(3_000_000);
  }

  @Test
  void maxCatchesOnePause() throws Exception {
    ticks(0, 0, 250_000_000, 0);
    assertThat(probe.drain(LagStatistic.MAX)).isEqualTo(250_000_000);
  }

  @Test
  void p99IsNearestRankOfTheInterval() throws Exception {
    long[] l = new long[200];
    for (int i = 0; i < 200; i++) {
      l[i] = (i + 1) * 1_000L; // 1us..200us
    }
    ticks(l);
    // rank ceil(0.99 * 200) = 198 -> 198us, within the layout's 0.4%
    assertThat((double) probe.drain(LagStatistic.P99)).isCloseTo(198_000, org.assertj.core.data.Offset.offset(198_000 / 256.0));
  }

  @Test
  void drainResetsSoIntervalsAreIndependent() throws Exception {
    ticks(8_000_000, 8_000_000);
    assertThat(probe.drain(LagStatistic.MEAN)).isEqualTo(8_000_000);
    ticks(1_000_000);
    assertThat(probe.drain(LagStatistic.MEAN)).isEqualTo(1_000_000);
    ticks(1_000_000);
    assertThat(probe.drain(LagStatistic.MAX)).as("max was reset too").isEqualTo(1_000_000);
  }

  @Test
  void wakingEarlyOrOnTimeIsZeroLag() throws Exception {
    SchedulingLagProbe early = new SchedulingLagProbe(clock::get, nanos -> clock.addAndGet(nanos - 1_000), RESOLUTION);
    early.tick();
    assertThat(early.drain(LagStatistic.MEAN)).isZero();
  }

  @Test
  void noTickInTheIntervalReportsHowLongTheProbeHasBeenAsleep() throws Exception {
    ticks(0);
    probe.drain(LagStatistic.MEAN);
    // The probe went back to sleep and has not woken for 700 ms: the JVM stalled.
    clock.addAndGet(700_000_000L);
    assertThat(probe.drain(LagStatistic.MEAN)).isEqualTo(700_000_000L - RESOLUTION);
    assertThat(probe.drain(LagStatistic.MAX)).isEqualTo(700_000_000L - RESOLUTION);
    assertThat(probe.drain(LagStatistic.P99)).isEqualTo(700_000_000L - RESOLUTION);
  }

  @Test
  void noTickButNotYetLateIsZeroNotNegative() {
    clock.addAndGet(RESOLUTION / 2);
    assertThat(probe.drain(LagStatistic.MEAN)).isZero();
  }

  @Test
  void noTickSinceConstructionCountsFromConstruction() {
    clock.addAndGet(1_000_000_000L);
    assertThat(probe.drain(LagStatistic.MAX)).isEqualTo(1_000_000_000L - RESOLUTION);
  }

  @Test
  void interruptStopsTheProbe() {
    SchedulingLagProbe real = new SchedulingLagProbe(System::nanoTime,
        nanos -> Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L)), RESOLUTION);
    Thread.currentThread().interrupt();
    org.assertj.core.api.Assertions.assertThatThrownBy(real::tick).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
  }

  /**
   * A tick and a drain on two threads: every tick has the same lag, so every drain that saw
   * a tick must report exactly that lag. A drain that caught a tick half-recorded (counted
   * but not summed, or the reverse) reports something else, e.g. half of it.
   */
  @Test
  void drainNeverSeesAHalfRecordedTick() throws Exception {
    long lag = 3_000_000L;
    AtomicLong fake = new AtomicLong();
    // Each tick moves its own clock reading; the drain thread never moves the clock, so a
    // drain that saw no tick reads "not late" (0).
    SchedulingLagProbe p = new SchedulingLagProbe(fake::get, nanos -> fake.addAndGet(nanos + lag), RESOLUTION);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(1);
    Thread ticker = new Thread(() -> {
      started.countDown();
      try {
        while (!stop.get()) {
          p.tick();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "test-ticker");
    ticker.start();
    ConcurrentLinkedQueue<Long> odd = new ConcurrentLinkedQueue<>();
    try {
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      LagStatistic[] stats = LagStatistic.values();
      // Bounded by count and by time: a drain walks the whole histogram, and CI is shared.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      for (int i = 0; i < 20_000 && odd.size() < 5 && System.nanoTime() < until; i++) {
        LagStatistic s = stats[i % stats.length];
        long v = p.drain(s);
        boolean ok = v == 0 || (s == LagStatistic.P99
            ? Math.abs(v - lag) <= lag / 256 : v == lag);
        if (!ok) {
          odd.add(v);
        }
      }
    } finally {
      stop.set(true);
      ticker.join(10_000);
    }
    assertThat(ticker.isAlive()).isFalse();
    assertThat(odd).as("drains that saw part of a tick").isEmpty();
  }
}
