package dev.pressure;

/**
 * Which statistic of the scheduling lags seen during one sample interval the monitor
 * reports as {@code eventLoopDelay}.
 */
public enum LagStatistic {
  /** The mean, as under-pressure computes event-loop delay. Smooths out a single pause. */
  MEAN,
  /** The largest lag: catches one long GC pause in the interval. */
  MAX,
  /** The 99th percentile of the lags in the interval. */
  P99
}
