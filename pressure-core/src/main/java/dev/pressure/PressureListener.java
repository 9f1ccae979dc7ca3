package dev.pressure;

/**
 * Told when a tier goes into or out of pressure, or the type naming the pressure changes,
 * judged on sampled signals (live signals are judged per request and do not notify).
 * Called on the monitor's sampler thread: return quickly. An exception is logged and does
 * not stop sampling or other listeners.
 */
@FunctionalInterface
public interface PressureListener {

  /**
   * The verdict of a tier changed.
   *
   * @param tier the tier's name
   * @param previous the type that named the pressure before, or null when there was none
   * @param current the type that names it now, or null when the pressure is over
   * @param snapshot the snapshot that caused the change
   */
  void onPressureChange(String tier, PressureType previous, PressureType current, PressureSnapshot snapshot);
}
