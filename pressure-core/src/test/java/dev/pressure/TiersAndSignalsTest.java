package dev.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several tiers against one snapshot, listeners, custom signals, failure and stale policies. */
class TiersAndSignalsTest {

  @TempDir
  Path dir;
  private MonitorFixture f;

  @BeforeEach
  void fixture() {
    f = new MonitorFixture(dir);
  }

  @AfterEach
  void close() {
    f.close();
  }

  record Change(String tier, PressureType previous, PressureType current, long sequence) {}

  private static Thresholds latency(long millis) {
    return Thresholds.builder().maxLatency(Duration.ofMillis(millis)).build();
  }

  private void record(PressureMonitor m, long millis, int times) {
    for (int i = 0; i < times; i++) {
      m.recordLatency(Duration.ofMillis(millis).toNanos());
    }
  }

  @Test
  void threeTiersAreJudgedAgainstOneSnapshotAndTheListenerSeesEveryTransition() {
    List<Change> changes = new CopyOnWriteArrayList<>();
    PressureMonitor m = f.build(b -> b
        .latencyMaxAge(Duration.ofSeconds(10)).latencyAgeBuckets(1)
        .tier("scale", latency(300)).tier("ready", latency(400)).tier("shed", latency(800))
        .listener((tier, prev, cur, snap) -> changes.add(new Change(tier, prev, cur, snap.sequence()))));
    assertThat(m.tierNames()).containsExactly("default", "scale", "ready", "shed");

    record(m, 200, 1_000);
    PressureSnapshot s1 = f.sample(m);
    assertThat(changes).isEmpty();

    record(m, 500, 100); // p99.9 ~ 500 ms
    PressureSnapshot s2 = f.sample(m);
    assertThat(s2.pressureType("scale")).isEqualTo(PressureType.LATENCY);
    assertThat(s2.pressureType("ready")).isEqualTo(PressureType.LATENCY);
    assertThat(s2.pressureType("shed")).isNull();
    assertThat(s2.pressureType("default")).as("no limits").isNull();
    assertThat(m.tier("scale").check()).isEqualTo(PressureType.LATENCY);
    assertThat(m.tier("shed").isUnderPressure()).isFalse();
    assertThat(changes).containsExactly(
        new Change("scale", null, PressureType.LATENCY, 2),
        new Change("ready", null, PressureType.LATENCY, 2));

    record(m, 900, 100);
    f.sample(m);
    f.sample(m); // no change, no notification
    assertThat(m.tier("shed").check()).isEqualTo(PressureType.LATENCY);
    assertThat(changes).hasSize(3).last().isEqualTo(new Change("shed", null, PressureType.LATENCY, 3));

    f.clock.advance(Duration.ofSeconds(10)); // the window forgets the slow requests
    f.sample(m);
    assertThat(changes.subList(3, changes.size())).containsExactly(
        new Change("scale", PressureType.LATENCY, null, 5),
        new Change("ready", PressureType.LATENCY, null, 5),
        new Change("shed", PressureType.LATENCY, null, 5));
    assertThat(s1.sequence()).isEqualTo(1);
  }

  @Test
  void aChangeOfTypeIsATransitionToo() {
    List<Change> changes = new CopyOnWriteArrayList<>();
    PressureMonitor m = f.build(b -> b.maxHeapUsedBytes(100).maxRssBytes(1L << 20));
    m.addListener((tier, prev, cur, snap) -> changes.add(new Change(tier, prev, cur, snap.sequence())));
    f.heapUsed.set(100);
    f.rssKiB(2048);
    f.sample(m);
    f.heapUsed.set(101);
    f.sample(m);
    assertThat(changes).containsExactly(
        new Change("default", null, PressureType.RSS_BYTES, 1),
        new Change("default", PressureType.RSS_BYTES, PressureType.HEAP_USED_BYTES, 2));
  }

  @Test
  void aThrowingListenerDoesNotStopOthersOrSampling() {
    AtomicInteger calls = new AtomicInteger();
    PressureListener bad = (tier, prev, cur, snap) -> {
      throw new IllegalStateException("listener bug");
    };
    PressureListener good = (tier, prev, cur, snap) -> calls.incrementAndGet();
    PressureMonitor m = f.build(b -> b.maxHeapUsedBytes(1).listener(bad).listener(good));
    f.sample(m);
    assertThat(calls).hasValue(1);
    f.heapUsed.set(0);
    assertThat(f.sample(m).sequence()).isEqualTo(2);
    assertThat(calls).hasValue(2);
    m.removeListener(good);
    f.heapUsed.set(5);
    f.sample(m);
    assertThat(calls).hasValue(2);
  }

  @Test
  void aTierCanIgnoreTheHealthCheck() {
    PressureMonitor m = f.build(b -> b.healthCheck(() -> false, Duration.ofSeconds(1))
        .tier("metrics", Thresholds.builder().healthCheck(false).maxHeapUsedBytes(1).build()));
    f.heapUsed.set(0);
    PressureSnapshot s = f.sample(m);
    assertThat(s.healthy()).isFalse();
    assertThat(s.pressureType("default")).isEqualTo(PressureType.HEALTH_CHECK);
    assertThat(s.pressureType("metrics")).isNull();
  }

  @Test
  void shedCountsArePerType() {
    PressureMonitor m = f.build(b -> b.signal("queue", () -> 0));
    m.recordShed(PressureType.LATENCY);
    m.recordShed(PressureType.LATENCY);
    m.recordShed(PressureType.signal("queue"));
    assertThat(m.shedCounts())
        .containsEntry(PressureType.LATENCY, 2L)
        .containsEntry(PressureType.signal("queue"), 1L)
        .containsEntry(PressureType.HEAP_USED_BYTES, 0L);
  }

  // ------------------------------------------------------------------ custom signals

  @Test
  void aSampledSignalIsReadOncePerSampleNotPerCheck() {
    AtomicInteger reads = new AtomicInteger();
    double[] value = {5};
    PressureMonitor m = f.build(b -> b.signal("queue", () -> {
      reads.incrementAndGet();
      return value[0];
    }).maxSignal("queue", 4));
    assertThat(reads).hasValue(0);
    f.sample(m);
    assertThat(reads).hasValue(1);
    for (int i = 0; i < 100; i++) {
      assertThat(m.pressureType()).isEqualTo(PressureType.signal("queue"));
    }
    assertThat(reads).hasValue(1);
    value[0] = 4;
    assertThat(m.isUnderPressure()).as("sampled: the change shows at the next sample").isTrue();
    f.sample(m);
    assertThat(m.isUnderPressure()).isFalse();
    assertThat(m.snapshot().signals()).containsEntry("queue", 4.0);
  }

  @Test
  void aLiveSignalIsReadOnEveryCheck() {
    AtomicInteger reads = new AtomicInteger();
    double[] value = {1};
    PressureMonitor m = f.build(b -> b.liveSignal("inflight", () -> {
      reads.incrementAndGet();
      return value[0];
    }).tier("shed", Thresholds.builder().maxSignal("inflight", 4).build()));
    Tier shed = m.tier("shed");
    assertThat(shed.check()).isNull();
    value[0] = 5;
    assertThat(shed.check()).as("no sample needed").isEqualTo(PressureType.signal("inflight"));
    value[0] = 4;
    assertThat(shed.check()).isNull();
    assertThat(reads).hasValue(3);
    assertThat(m.currentValue(PressureType.signal("inflight"))).isEqualTo(4);
    assertThat(m.defaultTier().check()).as("the default tier has no limit on it").isNull();
    assertThat(f.sample(m).signals()).as("sampled for metrics too").containsEntry("inflight", 4.0);
  }

  @Test
  void aSampledVerdictComesBeforeLiveSignals() {
    PressureMonitor m = f.build(b -> b.maxHeapUsedBytes(1).liveSignal("inflight", () -> 10).maxSignal("inflight", 1));
    assertThat(m.pressureType()).as("before the first sample only live signals speak")
        .isEqualTo(PressureType.signal("inflight"));
    f.heapUsed.set(2);
    f.sample(m);
    assertThat(m.pressureType()).isEqualTo(PressureType.HEAP_USED_BYTES);
  }

  @Test
  void aFailingSampledSignalIsIgnoredOrPressureByPolicy() {
    int[] mode = {0};
    java.util.function.DoubleSupplier flaky = () -> {
      if (mode[0] == 1) {
        throw new IllegalStateException("queue gone");
      }
      return mode[0] == 2 ? Double.NaN : 0;
    };
    PressureMonitor ignore = f.build(b -> b.signal("queue", flaky).maxSignal("queue", 1));
    PressureMonitor strict = f.build(b -> b.signal("queue", flaky).maxSignal("queue", 1)
        .failurePolicy(PressureType.signal("queue"), FailurePolicy.TREAT_AS_PRESSURE));
    for (int failure : new int[] {1, 2}) {
      mode[0] = failure;
      PressureSnapshot lenient = f.sample(ignore);
      assertThat(lenient.signals().get("queue")).isNaN();
      assertThat(lenient.failures()).containsKey(PressureType.signal("queue"));
      assertThat(lenient.pressureType("default")).isNull();
      assertThat(f.sample(strict).pressureType("default")).isEqualTo(PressureType.signal("queue"));
    }
    assertThat(ignore.snapshot().failures()).containsEntry(PressureType.signal("queue"), "returned NaN");
    mode[0] = 0;
    assertThat(f.sample(strict).pressureType("default")).isNull();
    assertThat(strict.snapshot().failures()).isEmpty();
  }

  @Test
  void aFailingLiveSignalIsIgnoredOrPressureByPolicy() {
    int[] mode = {1};
    java.util.function.DoubleSupplier flaky = () -> {
      if (mode[0] == 1) {
        throw new IllegalStateException("queue gone");
      }
      return mode[0] == 2 ? Double.NaN : 0;
    };
    PressureMonitor ignore = f.build(b -> b.liveSignal("queue", flaky).maxSignal("queue", 1));
    PressureMonitor strict = f.build(b -> b.liveSignal("queue", flaky).maxSignal("queue", 1)
        .failurePolicy(PressureType.signal("queue"), FailurePolicy.TREAT_AS_PRESSURE));
    for (int failure : new int[] {1, 2}) {
      mode[0] = failure;
      assertThat(ignore.pressureType()).isNull();
      assertThat(strict.pressureType()).isEqualTo(PressureType.signal("queue"));
    }
    assertThat(f.sample(ignore).failures()).containsKey(PressureType.signal("queue"));
    mode[0] = 0;
    assertThat(strict.pressureType()).isNull();
  }

  // ------------------------------------------------------------------ staleness

  @Test
  void aStaleSnapshotFailsOpenByDefault() {
    PressureMonitor m = f.build(b -> b.maxHeapUsedBytes(1).staleAfter(Duration.ofSeconds(3)));
    f.heapUsed.set(2);
    PressureSnapshot s = f.sample(m);
    Tier t = m.defaultTier();
    long at = s.timestampNanos();
    assertThat(t.check(at + Duration.ofSeconds(3).toNanos())).isEqualTo(PressureType.HEAP_USED_BYTES);
    assertThat(t.check(at + Duration.ofSeconds(3).toNanos() + 1)).as("stale: judged as if nothing were over").isNull();
    assertThat(m.stalePolicy()).isEqualTo(StalePolicy.FAIL_OPEN);
  }

  @Test
  void aStaleSnapshotFailsClosedWhenAsked() {
    PressureMonitor m = f.build(b -> b.staleAfter(Duration.ofSeconds(3)).stalePolicy(StalePolicy.FAIL_CLOSED));
    PressureSnapshot s = f.sample(m);
    assertThat(m.isUnderPressure()).isFalse();
    f.clock.advance(Duration.ofSeconds(3));
    assertThat(m.isUnderPressure()).isFalse();
    f.clock.advanceNanos(1);
    assertThat(m.pressureType()).isEqualTo(PressureType.STALE);
    assertThat(m.currentValue(PressureType.STALE)).isEqualTo(3000.000001);
    f.sample(m);
    assertThat(m.pressureType()).as("a fresh sample ends it").isNull();
    assertThat(s.sequence()).isEqualTo(1);
  }

  @Test
  void liveSignalsStillCountWhenStaleAndFailingOpen() {
    double[] v = {0};
    PressureMonitor m = f.build(b -> b.staleAfter(Duration.ofSeconds(3)).liveSignal("inflight", () -> v[0]).maxSignal("inflight", 1));
    f.clock.advance(Duration.ofSeconds(10));
    assertThat(m.pressureType()).isNull();
    v[0] = 2;
    assertThat(m.pressureType()).isEqualTo(PressureType.signal("inflight"));
  }

  @Test
  void defaultStaleAfterIsFiveIntervalsButAtLeastTwoSeconds() {
    assertThat(f.build(b -> b.sampleInterval(Duration.ofMillis(100))).staleAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(f.build(b -> b.sampleInterval(Duration.ofSeconds(1))).staleAfter()).isEqualTo(Duration.ofSeconds(5));
  }
}
