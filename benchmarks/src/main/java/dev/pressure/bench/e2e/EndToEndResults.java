package dev.pressure.bench.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Every round of a run, with the statistics the report shows.
 *
 * <p>The headline is the ratio of medians, {@code median(setup req/s) / median(bare req/s)}: the
 * median of each setup's rounds ignores one disturbed round, and since the rounds are
 * interleaved, a slow drift of the machine moves every setup alike. The same-round ratio
 * ({@code setup / bare} of one round) is reported beside it; its median is a second estimate
 * that cancels drift even between rounds.
 *
 * @param options the run's settings
 * @param rounds every measured run, in the order run
 * @param environment machine, JVM and wrk version lines, for the report
 * @param loadBefore {@code /proc/loadavg} before the first warm-up
 * @param loadAfter {@code /proc/loadavg} after the last round
 */
record EndToEndResults(WrkOptions options, List<Round> rounds, List<String> environment, String loadBefore,
    String loadAfter) {

  /** The target: the filter keeps at least 97% of bare Jetty's req/s. */
  static final double TARGET_RATIO = 0.97;

  /** Copies the lists. */
  EndToEndResults {
    rounds = List.copyOf(rounds);
    environment = List.copyOf(environment);
  }

  /** {@return the rounds of one setup, in order} */
  List<Round> of(Setup setup) {
    return rounds.stream().filter(r -> r.setup() == setup).toList();
  }

  /** {@return the median req/s of a setup} */
  double medianRate(Setup setup) {
    return median(setup, r -> r.wrk().requestsPerSecond());
  }

  /** {@return a setup's median of a wrk latency percentile, ms} */
  double medianLatency(Setup setup, int percentile) {
    return median(setup, r -> r.wrk().latency(percentile));
  }

  /** {@return {@code medianRate(setup) / medianRate(BARE)}} */
  double ratio(Setup setup) {
    return medianRate(setup) / medianRate(Setup.BARE);
  }

  /** {@return a round's req/s over bare's req/s in the same round} */
  double sameRoundRatio(Round r) {
    return r.wrk().requestsPerSecond() / of(Setup.BARE).get(r.round() - 1).wrk().requestsPerSecond();
  }

  /** {@return the median of a setup's same-round ratios} */
  double medianSameRoundRatio(Setup setup) {
    return median(setup, this::sameRoundRatio);
  }

  private double median(Setup setup, ToDoubleFunction<Round> value) {
    double[] v = of(setup).stream().mapToDouble(value).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** {@return every setup's rounds' req/s, for the log} */
  String perRound(Setup setup) {
    return Arrays.toString(of(setup).stream().mapToLong(r -> Math.round(r.wrk().requestsPerSecond())).toArray());
  }
}
