package dev.pressure.bench.overload;

/**
 * The configurations compared, each given the same knowledge: the endpoint's concurrency
 * {@code c} and a queue bound {@code q} (waiting requests per slot that still meet the
 * latency budget).
 *
 * <p>Thread-safe (immutable).
 */
enum Protection {
  /** Nothing in front of the endpoint: the queue grows without bound. */
  NONE("none"),
  /**
   * pressure's {@code UnderPressureFilter} with its static admission gate:
   * {@code maxConcurrentRequests c}, {@code maxQueuedRequests q x c} (suspended, no thread held),
   * counted atomically; 503 + {@code Retry-After} beyond both. Only pressure's own settings: no
   * application-provided signal.
   */
  PRESSURE_GATE("pressure-gate"),
  /**
   * pressure's {@code UnderPressureFilter} with {@code maxConcurrentRequests=adaptive}: the
   * limit follows the measured queueing delay from the library's defaults (no bound derived
   * from {@code c}), {@code maxQueuedRequests q x c}. Nothing else is told.
   */
  PRESSURE_ADAPTIVE("pressure-adaptive"),
  /**
   * Netflix concurrency-limits 0.5.3: {@code SimpleLimiter} with {@code Gradient2Limit}
   * ({@code initialLimit (1+q) x c}, {@code minLimit c}, other settings default) in a jakarta
   * filter like its servlet module's; 429 when no permit is left.
   */
  CONCURRENCY_LIMITS("concurrency-limits"),
  /**
   * Jetty's {@code QoSHandler}: {@code maxRequestCount c}, {@code maxSuspendedRequestCount q x c};
   * requests beyond both get 503 at once.
   */
  JETTY_QOS("jetty-qos");

  private final String label;

  Protection(String label) {
    this.label = label;
  }

  /** @return the name used in tables, files and on the command line */
  String label() {
    return label;
  }

  static Protection parse(String label) {
    for (Protection p : values()) {
      if (p.label.equals(label)) {
        return p;
      }
    }
    throw new IllegalArgumentException("--configs: none, pressure-gate, pressure-adaptive, concurrency-limits, jetty-qos. Found: "
        + label);
  }
}
