package dev.pressure.bench.e2e;

import java.util.Arrays;
import java.util.Locale;

/**
 * What stands in front of the hello-world servlet.
 *
 * <ul>
 *   <li>{@link #BARE}: nothing; the baseline every ratio divides by.
 *   <li>{@link #FILTER}: {@code UnderPressureFilter.builder(PressureMonitor.builder().build()).build()},
 *       what a user adds with no tuning: the monitor's default sampler (scheduling lag, CPU,
 *       heap, every second) runs, and every request is counted in flight and timed into the
 *       latency window. No threshold is set, so nothing is ever shed: the run measures the cost
 *       of being there.
 *   <li>{@link #FILTER_GATE}: the same plus the admission gate with a static
 *       {@code maxConcurrentRequests} of {@value #GATE_LIMIT}, far above the most requests wrk's
 *       connections can have in flight (one each), so no request waits or is refused: the cost of
 *       the gate's fast path (one CAS to take a permit, one decrement to give it back). The
 *       adaptive gate is left out on purpose: its limit moves with measured latency, so a run
 *       could not tell its bookkeeping cost from the effect of its limit; the overload harness
 *       measures that.
 * </ul>
 */
enum Setup {
  BARE("bare"),
  FILTER("filter"),
  FILTER_GATE("filter-gate");

  /** The gate's static limit in {@link #FILTER_GATE}: ten thousand, above any {@code -c} a run uses. */
  static final int GATE_LIMIT = 10_000;

  private final String label;

  Setup(String label) {
    this.label = label;
  }

  /** {@return the name used in flags, logs and reports} */
  String label() {
    return label;
  }

  /**
   * Parses a label.
   *
   * @param s {@code bare}, {@code filter} or {@code filter-gate}
   * @return the setup
   * @throws IllegalArgumentException {@code --configs: <allowed>. Found: <s>}
   */
  static Setup parse(String s) {
    return Arrays.stream(values()).filter(v -> v.label.equals(s.trim().toLowerCase(Locale.ROOT))).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--configs: bare, filter or filter-gate. Found: " + s));
  }
}
