package dev.pressure.bench.e2e;

/**
 * One measured wrk run: a setup in a round.
 *
 * @param round 1-based round number
 * @param setup the configuration measured
 * @param wrk what wrk reported
 * @param loadAverage {@code /proc/loadavg}'s 1-minute value just before the run (NaN off Linux)
 */
record Round(int round, Setup setup, WrkOutput wrk, double loadAverage) {

  /**
   * Checks that the run measured served requests only.
   *
   * @return this
   * @throws IllegalStateException when wrk saw no request, a non-2xx answer or a socket error:
   *     its req/s would then count something other than hello-world answers
   */
  Round check() {
    String where = "round " + round + " " + setup.label() + ": ";
    if (wrk.requests() <= 0 || !(wrk.requestsPerSecond() > 0)) {
      throw new IllegalStateException(where + "requests: > 0. Found: " + wrk.summary());
    }
    if (wrk.non2xx() != 0) {
      throw new IllegalStateException(where + "non-2xx responses: 0. Found: " + wrk.non2xx() + " (" + wrk.summary()
          + ")");
    }
    if (wrk.socketErrors().total() != 0) {
      throw new IllegalStateException(where + "socket errors: 0. Found: " + wrk.socketErrors());
    }
    return this;
  }
}
