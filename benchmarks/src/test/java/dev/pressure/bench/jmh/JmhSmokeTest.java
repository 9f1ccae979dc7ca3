package dev.pressure.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every JMH benchmark once, in this JVM, for 100 ms: the generated harness, the state
 * set-up and tear-down and the gc profiler all work, and each benchmark yields a score. The
 * numbers themselves mean nothing here.
 */
class JmhSmokeTest {

  @Test
  void everyBenchmarkProducesAScoreAndAnAllocationFigure() throws Exception {
    Options options = new OptionsBuilder()
        .include(FilterOverheadBenchmark.class.getName() + "\\.")
        .include(LatencyRecordingBenchmark.class.getName() + "\\.")
        .forks(0)
        .threads(2)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true)
        .build();

    Collection<RunResult> results = new Runner(options).run();

    Map<String, RunResult> byName = results.stream().collect(Collectors.toMap(
        r -> r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1), r -> r));
    assertThat(byName).containsOnlyKeys(List.of("bareChain", "underPressureFilter", "admissionFilter", "concurrencyLimitsFilter",
        "clockRead", "pressureWindow", "simpleclientSummary", "simpleclientHistogram", "hdrRecorder"));
    for (RunResult r : results) {
      assertThat(r.getPrimaryResult().getScore()).as(r.getParams().getBenchmark()).isPositive();
      assertThat(r.getSecondaryResults()).as(r.getParams().getBenchmark()).containsKey("gc.alloc.rate.norm");
    }
  }
}
