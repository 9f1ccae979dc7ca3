package dev.pressure.internal;

import dev.pressure.PressureType;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * A registered custom signal: its name, type, supplier and whether it is read live (on each
 * check) or sampled. Immutable apart from its rate-limited logger; thread-safe.
 */
public final class SignalSource {
  private final String name;
  private final PressureType type;
  private final DoubleSupplier supplier;
  private final boolean live;
  private final RateLimitedLogger log;

  /**
   * A custom signal as registered.
   *
   * @param name the signal's name
   * @param supplier its source
   * @param live true to read it on every check
   * @param clock the monitor's clock (for log rate limiting)
   */
  public SignalSource(String name, DoubleSupplier supplier, boolean live, LongSupplier clock) {
    this.name = name;
    this.type = PressureType.signal(name);
    this.supplier = supplier;
    this.live = live;
    this.log = new RateLimitedLogger(TimeUnit.SECONDS.toNanos(60), clock);
  }

  /** {@return the name} */
  public String name() {
    return name;
  }

  /** {@return the type that names it} */
  public PressureType type() {
    return type;
  }

  /** {@return whether it is read on every check} */
  public boolean live() {
    return live;
  }

  /**
   * Reads a live signal on the caller's thread; a supplier that throws anything reads as NaN.
   *
   * @return the value, NaN when the supplier failed
   */
  public double readLive() {
    try {
      return supplier.getAsDouble();
    } catch (Throwable e) {
      log.log(Level.WARNING, "pressure: live signal " + name + " threw", e);
      return Double.NaN;
    }
  }

  /**
   * Reads the supplier, letting its exception through (the sampler records it as a failure).
   *
   * @return the value
   */
  public double readSampled() {
    return supplier.getAsDouble();
  }
}
