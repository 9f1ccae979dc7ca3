package dev.pressure.admission;

/**
 * Why the gate refused a request. The {@link #wireName()} is what a 503 body's {@code "type"}
 * and the {@code reason} metric label carry.
 */
public enum RejectReason {
  /** No permit was free and the queue was full (or disabled), or a more critical arrival displaced it. */
  CONCURRENT_REQUESTS("concurrentRequests"),
  /** It waited longer than {@code maxQueueTime} (or CoDel's target while the queue stands). */
  QUEUE_TIME("queueTime"),
  /** Its deadline passed before it got a permit. */
  DEADLINE("deadline");

  private final String wireName;

  RejectReason(String wireName) {
    this.wireName = wireName;
  }

  /** {@return the name on the wire: {@code concurrentRequests}, {@code queueTime} or {@code deadline}} */
  public String wireName() {
    return wireName;
  }
}
