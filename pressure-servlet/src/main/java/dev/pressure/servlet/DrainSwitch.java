package dev.pressure.servlet;

import dev.pressure.PressureType;

/**
 * Graceful shutdown for one web application, in two steps. {@link #failReadiness()}: the
 * readiness endpoint fails at once (so load balancers stop routing here) while requests are
 * still served, which covers the time endpoints take to forget this instance. {@link #drain()}:
 * readiness fails and {@link UnderPressureFilter} also refuses new work with its usual 503
 * answer, type {@code "draining"}, plus {@code Connection: close}; requests already in flight
 * run to the end ({@link UnderPressureFilter#awaitIdle(java.time.Duration)}). Paths excluded
 * from the filter (probes, metrics) keep answering. {@link GracefulShutdown} runs the whole
 * timeline (delay, refusal, grace, answer what is left).
 *
 * <p>One switch per {@code ServletContext}: get it with
 * {@link PressureServletContext#drainSwitch(jakarta.servlet.ServletContext)}. Thread-safe;
 * {@link #isDraining()} is one volatile read.
 */
public final class DrainSwitch {

  /** The pressure type a draining filter reports and counts sheds under: {@link PressureType#DRAINING}. */
  public static final PressureType TYPE = PressureType.DRAINING;

  private static final int SERVING = 0;
  private static final int UNREADY = 1;
  private static final int REFUSING = 2;

  // Only moves forward: SERVING -> UNREADY -> REFUSING (or SERVING -> REFUSING).
  private volatile int phase = SERVING;

  /** A switch that is not draining. Use {@link PressureServletContext#drainSwitch} to share one. */
  public DrainSwitch() {}

  /** Starts draining; cannot be undone (a draining application is on its way out). Idempotent. */
  public synchronized void drain() {
    phase = REFUSING;
  }

  /**
   * Fails readiness while new work is still served: the first step of a shutdown delay. A no-op
   * once {@link #drain()} was called. Idempotent; cannot be undone.
   */
  public synchronized void failReadiness() {
    if (phase == SERVING) {
      phase = UNREADY;
    }
  }

  /**
   * Whether the filter refuses new work: one volatile read.
   *
   * @return whether {@link #drain()} was called
   */
  public boolean refusesNewWork() {
    return phase == REFUSING;
  }

  /**
   * Whether the application is draining (readiness fails): one volatile read.
   *
   * @return whether {@link #failReadiness()} or {@link #drain()} was called
   */
  public boolean isDraining() {
    return phase != SERVING;
  }

  @Override
  public String toString() {
    return "DrainSwitch{draining=" + isDraining() + ", refusesNewWork=" + refusesNewWork() + '}';
  }
}
