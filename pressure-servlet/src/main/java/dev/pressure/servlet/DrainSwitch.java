package dev.pressure.servlet;

import dev.pressure.PressureType;

/**
 * Graceful shutdown for one web application: once {@link #drain()} is called, the readiness
 * endpoint fails at once (so the load balancer stops routing here) and
 * {@link UnderPressureFilter} refuses new work with its usual 503 answer, type
 * {@code "draining"}, plus {@code Connection: close}; requests already in flight run to the end
 * (wait for {@link UnderPressureFilter#inFlight()} to reach zero). Paths excluded from the
 * filter (probes, metrics) keep answering.
 *
 * <p>One switch per {@code ServletContext}: get it with
 * {@link PressureServletContext#drainSwitch(jakarta.servlet.ServletContext)}. Thread-safe;
 * {@link #isDraining()} is one volatile read.
 */
public final class DrainSwitch {

  /** The pressure type a draining filter reports and counts sheds under: {@link PressureType#DRAINING}. */
  public static final PressureType TYPE = PressureType.DRAINING;

  private volatile boolean draining;

  /** A switch that is not draining. Use {@link PressureServletContext#drainSwitch} to share one. */
  public DrainSwitch() {}

  /** Starts draining; cannot be undone (a draining application is on its way out). Idempotent. */
  public void drain() {
    draining = true;
  }

  /**
   * Whether the application is draining: one volatile read.
   *
   * @return whether {@link #drain()} was called
   */
  public boolean isDraining() {
    return draining;
  }

  @Override
  public String toString() {
    return "DrainSwitch{draining=" + draining + '}';
  }
}
