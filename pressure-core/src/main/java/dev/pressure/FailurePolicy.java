package dev.pressure;

/**
 * What a tier does with a signal whose source failed (threw, returned NaN, or cannot be read).
 */
public enum FailurePolicy {
  /** The failed signal trips no check (fail-open); the failure is logged and shown in the snapshot. */
  IGNORE,
  /** The failed signal counts as over its limit (fail-closed), like under-pressure's NaN delay. */
  TREAT_AS_PRESSURE
}
