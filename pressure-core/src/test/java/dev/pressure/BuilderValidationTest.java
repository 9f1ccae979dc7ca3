package dev.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pressure.internal.LatencyWindow;
import java.time.Duration;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every bad setting is refused at once, in the shape {@code <name>: <constraint>. Found: <value>}. */
class BuilderValidationTest {

  private static void refused(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void negativeThresholds() {
    refused(() -> PressureMonitor.builder().maxHeapUsedBytes(-1),
        "maxHeapUsedBytes: a size in bytes >= 0 (0 disables the check). Found: -1");
    refused(() -> PressureMonitor.builder().maxRssBytes(Long.MIN_VALUE),
        "maxRssBytes: a size in bytes >= 0 (0 disables the check). Found: " + Long.MIN_VALUE);
    refused(() -> PressureMonitor.builder().maxEventLoopDelay(Duration.ofMillis(-1)),
        "maxEventLoopDelay: a duration >= 0 (0 disables the check). Found: -1ms");
    refused(() -> PressureMonitor.builder().maxLatency(Duration.ofSeconds(-2)),
        "maxLatency: a duration >= 0 (0 disables the check). Found: -2s");
    refused(() -> PressureMonitor.builder().maxEventLoopUtilization(-0.1),
        "maxEventLoopUtilization: a number in [0, 1] (0 disables the check). Found: -0.1");
  }

  @Test
  void utilizationAboveOneOrNaN() {
    refused(() -> PressureMonitor.builder().maxEventLoopUtilization(1.01),
        "maxEventLoopUtilization: a number in [0, 1] (0 disables the check). Found: 1.01");
    refused(() -> Thresholds.builder().maxEventLoopUtilization(Double.NaN),
        "maxEventLoopUtilization: a number in [0, 1] (0 disables the check). Found: NaN");
    assertThat(Thresholds.builder().maxEventLoopUtilization(1).build().maxEventLoopUtilization()).isEqualTo(1);
  }

  @Test
  void quantilesOutsideTheOpenUnitInterval() {
    for (double q : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
      refused(() -> PressureMonitor.builder().latencyQuantile(q),
          "latencyQuantile: a quantile in (0, 1). Found: " + q);
      refused(() -> PressureMonitor.builder().reportedQuantiles(0.5, q),
          "reportedQuantiles: a quantile in (0, 1). Found: " + q);
    }
  }

  @Test
  void ageBucketsOutOfRange() {
    refused(() -> PressureMonitor.builder().latencyAgeBuckets(0),
        "latencyAgeBuckets: a whole number in [1, 1000]. Found: 0");
    refused(() -> PressureMonitor.builder().latencyAgeBuckets(-3),
        "latencyAgeBuckets: a whole number in [1, 1000]. Found: -3");
    refused(() -> PressureMonitor.builder().latencyAgeBuckets(1001),
        "latencyAgeBuckets: a whole number in [1, 1000]. Found: 1001");
    refused(() -> new LatencyWindow(Duration.ofSeconds(1), 0, System::nanoTime),
        "latencyAgeBuckets: a whole number in [1, 1000]. Found: 0");
  }

  @Test
  void sampleIntervalZeroOrBelowTenMillis() {
    refused(() -> PressureMonitor.builder().sampleInterval(Duration.ZERO),
        "sampleInterval: a duration >= 10ms. Found: 0ms");
    refused(() -> PressureMonitor.builder().sampleInterval(Duration.ofMillis(9)),
        "sampleInterval: a duration >= 10ms. Found: 9ms");
    refused(() -> PressureMonitor.builder().sampleInterval(null),
        "sampleInterval: a duration >= 10ms. Found: null");
    assertThat(PressureMonitor.builder().sampleInterval(Duration.ofMillis(10))).isNotNull();
  }

  @Test
  void otherDurations() {
    refused(() -> PressureMonitor.builder().healthCheckTimeout(Duration.ZERO),
        "healthCheckTimeout: a duration >= 1ms. Found: 0ms");
    refused(() -> PressureMonitor.builder().latencyMaxAge(Duration.ZERO),
        "latencyMaxAge: a duration >= 1ms. Found: 0ms");
    refused(() -> PressureMonitor.builder().eventLoopResolution(Duration.ZERO),
        "eventLoopResolution: a duration >= 1ms. Found: 0ms");
    refused(() -> PressureMonitor.builder().healthCheck(() -> true, Duration.ZERO),
        "healthCheckInterval: a duration >= 1ms. Found: 0ms");
    refused(() -> PressureMonitor.builder().staleAfter(Duration.ofMillis(19)),
        "staleAfter: a duration >= 20ms. Found: 19ms");
  }

  @Test
  void staleAfterBelowTwoIntervalsIsRefusedAtBuild() {
    PressureMonitor.Builder b = PressureMonitor.builder()
        .sampleInterval(Duration.ofSeconds(1)).staleAfter(Duration.ofMillis(1999));
    refused(b::build, "staleAfter: at least 2 x sampleInterval (1000ms). Found: 1999ms");
  }

  @Test
  void nullChecksAndCallbacks() {
    refused(() -> PressureMonitor.builder().healthCheck(null, Duration.ofSeconds(1)),
        "healthCheck: not null. Found: null");
    refused(() -> PressureMonitor.builder().livenessCheck(null, Duration.ofSeconds(1)),
        "livenessCheck: not null. Found: null");
    refused(() -> PressureMonitor.builder().healthCheck(() -> true, null),
        "healthCheckInterval: a duration >= 1ms. Found: null");
    refused(() -> PressureMonitor.builder().listener(null), "listener: not null. Found: null");
    refused(() -> PressureMonitor.builder().clock(null), "clock: not null. Found: null");
    refused(() -> PressureMonitor.builder().lagStatistic(null), "lagStatistic: not null. Found: null");
    refused(() -> PressureMonitor.builder().stalePolicy(null), "stalePolicy: not null. Found: null");
    refused(() -> PressureMonitor.builder().defaultTier(null), "defaultTier: not null. Found: null");
    refused(() -> PressureMonitor.builder().signal("queue", null), "signal queue: not null. Found: null");
    refused(() -> PressureMonitor.builder().liveSignal("queue", null), "signal queue: not null. Found: null");
    refused(() -> PressureMonitor.builder().failurePolicy(PressureType.RSS_BYTES, null),
        "failurePolicy: not null. Found: null");
    refused(() -> PressureMonitor.builder().tier("ready", null), "tier ready: not null. Found: null");
    refused(() -> PressureMonitor.builder().maxEventLoopDelay(null),
        "maxEventLoopDelay: a duration >= 0 (0 disables the check). Found: null");
  }

  @Test
  void signalAndTierNames() {
    refused(() -> PressureMonitor.builder().signal("queue-ratio", () -> 0),
        "signal name: matching [a-zA-Z_][a-zA-Z0-9_]* (at most 100 characters). Found: \"queue-ratio\"");
    refused(() -> PressureMonitor.builder().signal("q", () -> 0).liveSignal("q", () -> 0),
        "signal name: unique. Found: \"q\"");
    refused(() -> PressureMonitor.builder().tier("default", Thresholds.NONE),
        "tier name: 1 to 64 of letters, digits, '_', '.', '-', other than \"default\". Found: \"default\"");
    refused(() -> PressureMonitor.builder().tier("a b", Thresholds.NONE),
        "tier name: 1 to 64 of letters, digits, '_', '.', '-', other than \"default\". Found: \"a b\"");
    refused(() -> PressureMonitor.builder().tier("x", Thresholds.NONE).tier("x", Thresholds.NONE),
        "tier name: unique. Found: \"x\"");
    refused(() -> Thresholds.builder().maxSignal("q", Double.NaN), "maxSignal q: a finite number. Found: NaN");
  }

  @Test
  void signalNamedLikeABuiltInTypeIsRefusedInTheSameShape() {
    refused(() -> PressureMonitor.builder().signal("latency", () -> 0),
        "signal name: not the name of a built-in type [eventLoopDelay, heapUsedBytes, rssBytes, healthCheck, "
            + "eventLoopUtilization, latency, stale, draining]. Found: \"latency\"");
  }

  /** Draining is a built-in type: a user signal can never share its name, so never its shed counter. */
  @Test
  void aSignalCannotBeNamedDrainingSoItNeverSharesDrainingsCounters() {
    refused(() -> PressureMonitor.builder().signal("draining", () -> 0),
        "signal name: not the name of a built-in type [eventLoopDelay, heapUsedBytes, rssBytes, healthCheck, "
            + "eventLoopUtilization, latency, stale, draining]. Found: \"draining\"");
    refused(() -> PressureType.signal("draining"),
        "signal name: not the name of a built-in type [eventLoopDelay, heapUsedBytes, rssBytes, healthCheck, "
            + "eventLoopUtilization, latency, stale, draining]. Found: \"draining\"");
    try (PressureMonitor m = PressureMonitor.builder().autoSample(false).signal("drain", () -> 0).build()) {
      m.recordShed(PressureType.DRAINING);
      assertThat(m.shedCounts()).containsEntry(PressureType.DRAINING, 1L)
          .containsEntry(PressureType.signal("drain"), 0L);
      assertThat(PressureType.DRAINING.isCustom()).isFalse();
    }
  }

  @Test
  void limitOnAnUnregisteredSignalIsRefusedAtBuildAndStartsNothing() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    PressureMonitor.Builder b = PressureMonitor.builder().signal("queue", () -> 0).maxSignal("queu", 1);
    refused(b::build, "tier default maxSignal: the name of a signal registered with the monitor [queue]. Found: \"queu\"");
    PressureMonitor.Builder policy = PressureMonitor.builder()
        .failurePolicy(PressureType.signal("nope"), FailurePolicy.TREAT_AS_PRESSURE);
    refused(policy::build, "failurePolicy: a built-in type or a registered signal []. Found: \"nope\"");
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().startsWith("pressure-") && !before.contains(t))
        .isEmpty();
  }

  @Test
  void unknownTierNameIsRefused() {
    try (PressureMonitor m = PressureMonitor.builder().tier("ready", Thresholds.NONE).build()) {
      refused(() -> m.tier("shed"), "tier: one of [default, ready]. Found: \"shed\"");
      assertThat(m.tier("ready").name()).isEqualTo("ready");
    }
  }

  @Test
  void zeroIsAllowedEverywhereAndMeansOff() {
    Thresholds t = Thresholds.builder()
        .maxEventLoopDelay(Duration.ZERO).maxEventLoopUtilization(0).maxHeapUsedBytes(0)
        .maxRssBytes(0).maxLatency(Duration.ZERO).build();
    assertThat(t.hasLimits()).isFalse();
  }
}
