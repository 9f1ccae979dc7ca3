package dev.pressure;

/**
 * A user check of something the application depends on (a database, a downstream service),
 * run by the monitor on its own thread pool every interval, with a timeout, never on a request
 * thread. Returning {@code false}, throwing, or not returning before the timeout all count as
 * unhealthy; the check is unhealthy until its first success.
 *
 * <p>Implementations should respond to interruption: on timeout the running thread is
 * interrupted. A check that ignores interruption keeps one of the monitor's few health-check
 * threads; once all are stuck, further checks report unhealthy without starting a thread.
 */
@FunctionalInterface
public interface HealthCheck {

  /**
   * Checks.
   *
   * @return true when healthy
   * @throws Exception any failure, which counts as unhealthy
   */
  boolean check() throws Exception;
}
