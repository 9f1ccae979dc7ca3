package dev.pressure.bench.overload;

/**
 * Server time spent on requests whose client had already given up, in one cell's overload
 * phase.
 *
 * <p>Definitions, all on the one {@link System#nanoTime()} clock client and server share:
 * <ul>
 *   <li>A request's <em>service time</em> is the time it held the bottleneck: from taking its
 *       slot in {@link FixedCapacity#serve} (for the thread-pool workload, from the servlet's
 *       start of work) to the end of its work ({@link ServiceLog}). Time spent waiting for a
 *       slot, in a protection's queue or in the container's is not service time: a waiting
 *       request costs memory, not capacity.</li>
 *   <li>Its client's <em>deadline</em> is its intended send time plus the client timeout; the
 *       client gives up then (the load generator's timeout counts from the intended time).</li>
 *   <li>Its service is <em>wasted</em> when it ended after the deadline: the response can reach
 *       no one, so all of its service time was capacity taken from requests that could still
 *       have been answered in time.</li>
 *   <li>{@link #share()} = wasted service time / all service time, over the requests whose
 *       intended send time falls in the overload phase (the requests {@link CellResult} counts),
 *       whenever they were served.</li>
 * </ul>
 *
 * <p>Not counted: a response that left the server just before the deadline and arrived after
 * it (microseconds on loopback), and work cut short when the server stopped at the cell's end
 * (only an unprotected server still has a backlog then; {@link #served()} against the cell's
 * sent count shows how many never finished).
 *
 * <p>Immutable; thread-safe.
 *
 * @param served overload-phase requests whose service finished and was recorded
 * @param serviceNanos their total service time
 * @param wasted of those, the requests that finished after their client's deadline
 * @param wastedNanos their total service time
 * @param dropped requests the {@link ServiceLog} could not record (full); 0 in every sized run
 */
record WastedWork(long served, long serviceNanos, long wasted, long wastedNanos, long dropped) {

  /** @return wasted service time as a share of all service time in [0, 1]; NaN when nothing was served */
  double share() {
    return serviceNanos == 0 ? Double.NaN : (double) wastedNanos / serviceNanos;
  }

  /**
   * Measures a cell from its server's log.
   *
   * @param log the server's record of its work
   * @param fromNanos the overload phase's start
   * @param toNanos its end
   * @param timeoutNanos the client timeout, from the intended send time
   * @return the cell's wasted work
   */
  static WastedWork of(ServiceLog log, long fromNanos, long toNanos, long timeoutNanos) {
    long served = 0;
    long service = 0;
    long wasted = 0;
    long wastedNanos = 0;
    for (int i = 0; i < log.size(); i++) {
      long intended = log.intended(i);
      long ended = log.ended(i);
      if (ended == 0 || intended < fromNanos || intended >= toNanos) {
        continue;
      }
      long nanos = ended - log.began(i);
      served++;
      service += nanos;
      if (ended - (intended + timeoutNanos) > 0) {
        wasted++;
        wastedNanos += nanos;
      }
    }
    return new WastedWork(served, service, wasted, wastedNanos, log.dropped());
  }
}
