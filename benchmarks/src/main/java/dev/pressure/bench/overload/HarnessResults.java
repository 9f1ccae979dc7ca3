package dev.pressure.bench.overload;

import java.util.List;
import java.util.Map;

/**
 * Everything one harness run measured.
 *
 * <p>Immutable; thread-safe.
 *
 * @param options what was run
 * @param before the machine when the run started
 * @param afterLoadAverage {@code /proc/loadavg} when it ended
 * @param capacities per workload
 * @param unloadedP99Millis per workload: p99 of successes at the lowest offered load, unprotected
 *     when that configuration ran (the baseline of the 2x latency target)
 * @param cells every cell of the load sweep, in the order run
 * @param priority every cell of the priority scenario, in the order run
 * @param deadline every cell of the deadline scenario, in the order run
 * @param durationSeconds wall time of the run
 */
record HarnessResults(HarnessOptions options, Environment before, String afterLoadAverage,
    Map<Workload, Capacity> capacities, Map<Workload, Double> unloadedP99Millis, List<CellResult> cells,
    List<PriorityCell> priority, List<DeadlineCell> deadline, double durationSeconds) {

  /**
   * The recovery time of a cell, against its workload's baseline.
   *
   * @param cell a cell of this run
   * @return milliseconds after the load dropped; NaN when it did not recover within the cell
   */
  double recoveryMillis(CellResult cell) {
    return cell.recoveryMillis(2 * unloadedP99Millis.get(cell.workload()));
  }

  /** Goodput target under overload, as a share of the measured capacity. */
  static final double GOODPUT_TARGET = 0.95;
  /** The offered loads the targets apply to, as multiples of capacity: 2x and above. */
  static final double TARGET_FROM_LOAD = 2.0;

  /**
   * Whether a cell meets the overload targets (issue 17): goodput at least
   * {@link #GOODPUT_TARGET} of capacity and p99 of successes at most twice the unloaded p99.
   *
   * @param cell a cell of this run
   * @return true when both hold
   */
  boolean meetsTargets(CellResult cell) {
    return cell.goodputShare() >= GOODPUT_TARGET && cell.p99Millis() <= 2 * unloadedP99Millis.get(cell.workload());
  }
}
