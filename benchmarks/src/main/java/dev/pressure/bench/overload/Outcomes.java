package dev.pressure.bench.overload;

/**
 * Receives the outcome of every request the load generator sent. Called on the generator's
 * single thread only.
 */
interface Outcomes {

  /** Status recorded when the client gave up waiting. */
  int TIMEOUT = -1;
  /** Status recorded when the connection failed or closed before a response. */
  int IO_ERROR = -2;

  /**
   * One request's outcome.
   *
   * @param intendedNanos when the schedule said to send it (latency counts from here)
   * @param endNanos when the response (or the failure) was seen
   * @param status the HTTP status, {@link #TIMEOUT} or {@link #IO_ERROR}
   */
  void record(long intendedNanos, long endNanos, int status);

  /**
   * One request's outcome with the class it was sent as ({@link RequestMarks#tag}). Receivers
   * that do not keep classes record it as untagged.
   *
   * @param intendedNanos when the schedule said to send it
   * @param endNanos when the response (or the failure) was seen
   * @param status the HTTP status, {@link #TIMEOUT} or {@link #IO_ERROR}
   * @param tag the request's class, 0 for none
   */
  default void record(long intendedNanos, long endNanos, int status, int tag) {
    record(intendedNanos, endNanos, status);
  }
}
