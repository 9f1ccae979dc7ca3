package dev.pressure.micrometer.internal;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureReading;
import java.util.BitSet;

/**
 * One {@link PressureReading} shared by the meters of one binding, so the meters polled by one
 * scrape report one snapshot, one read of each live signal and verdicts judged on exactly those.
 * Micrometer has no "scrape started" hook: it polls each meter on its own. So a meter that polls
 * again, having already used the current reading, takes a new one, which the other meters then
 * use as they are polled. A registry that polls every meter once per scrape (Prometheus, step
 * registries) thus sees one reading per scrape, and no poll sees a reading older than that
 * meter's previous poll. A reading older than {@code maxAgeNanos} is renewed too, so meters left
 * out of a filtered scrape do not keep an old one. Thread-safe (one lock, taken at poll time
 * only; concurrent scrapes may then mix two consecutive readings).
 */
public final class SharedReading {

  private final PressureMonitor monitor;
  private final long maxAgeNanos;
  private final BitSet used = new BitSet();
  private int meters;
  private PressureReading reading; // guarded by this

  /**
   * A shared reading of {@code monitor}.
   *
   * @param monitor the monitor
   * @param maxAgeNanos age after which a reading is renewed whoever polls (e.g. the sample interval)
   */
  public SharedReading(PressureMonitor monitor, long maxAgeNanos) {
    this.monitor = monitor;
    this.maxAgeNanos = maxAgeNanos;
  }

  /**
   * Registers a meter that reads through this.
   *
   * @return the meter's key for {@link #forMeter(int)}
   */
  public synchronized int newMeter() {
    return meters++;
  }

  /**
   * The reading a meter's poll reports: the current one unless this meter has used it already
   * or it is too old, else a new one.
   *
   * @param meter a key from {@link #newMeter()}
   * @return the reading
   */
  public synchronized PressureReading forMeter(int meter) {
    if (reading == null || used.get(meter) || monitor.nanoTime() - reading.nanoTime() > maxAgeNanos) {
      reading = monitor.read();
      used.clear();
    }
    used.set(meter);
    return reading;
  }
}
