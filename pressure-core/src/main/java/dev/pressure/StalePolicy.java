package dev.pressure;

/**
 * What tiers do when the snapshot is older than {@code staleAfter}, i.e. the sampler thread
 * has died or stalls.
 */
public enum StalePolicy {
  /** Judge as if no sampled signal were over its limit: requests are served. */
  FAIL_OPEN,
  /** Report {@link PressureType#STALE}: requests are shed and readiness fails. */
  FAIL_CLOSED
}
