package dev.pressure.admission;

import dev.pressure.admission.internal.Checks;
import java.time.Duration;

/**
 * The gate's settings: how many requests run ({@code maxConcurrentRequests}: a fixed number, or
 * {@code adaptive}, an {@link AdaptiveLimit} within the bounds of {@link #adaptiveLimit()}), how many may wait
 * ({@code maxQueuedRequests}) and for how long ({@code maxQueueTime}), and in which order
 * ({@code queueOrder}, {@code codelInterval}, {@code codelTarget}). The names are the servlet
 * filter's init-params. Immutable and inert: creating one starts nothing.
 */
public final class AdmissionConfig {

  /** Default {@code maxConcurrentRequests}: 0, no gate. */
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 0;
  /** Default {@code maxQueuedRequests}: 0, refuse at once when no permit is free. */
  public static final int DEFAULT_MAX_QUEUED_REQUESTS = 0;
  /** Default {@code maxQueueTime}: 1 s. */
  public static final Duration DEFAULT_MAX_QUEUE_TIME = Duration.ofSeconds(1);
  /** Default {@code queueOrder}: FIFO. */
  public static final QueueOrder DEFAULT_QUEUE_ORDER = QueueOrder.FIFO;
  /** Default {@code codelInterval}: 100 ms, as "Fail at Scale". */
  public static final Duration DEFAULT_CODEL_INTERVAL = Duration.ofMillis(100);
  /** Default {@code codelTarget}: 5 ms, as "Fail at Scale". */
  public static final Duration DEFAULT_CODEL_TARGET = Duration.ofMillis(5);
  /** Largest {@code maxConcurrentRequests} and {@code maxQueuedRequests}. */
  public static final int MAX_BOUND = 1_000_000;
  /** Settings with every default: the gate is off. */
  public static final AdmissionConfig DISABLED = builder().build();

  private final int maxConcurrentRequests;
  private final int maxQueuedRequests;
  private final Duration maxQueueTime;
  private final QueueOrder queueOrder;
  private final Duration codelInterval;
  private final Duration codelTarget;
  private final AdaptiveLimitConfig adaptiveLimit;

  private AdmissionConfig(Builder b) {
    this.maxConcurrentRequests = b.maxConcurrentRequests;
    this.maxQueuedRequests = b.maxQueuedRequests;
    this.maxQueueTime = b.maxQueueTime;
    this.queueOrder = b.queueOrder;
    this.codelInterval = b.codelInterval;
    this.codelTarget = b.codelTarget;
    this.adaptiveLimit = b.adaptiveLimit;
  }

  /** {@return a builder with the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding these settings} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxConcurrentRequests = maxConcurrentRequests;
    b.maxQueuedRequests = maxQueuedRequests;
    b.maxQueueTime = maxQueueTime;
    b.queueOrder = queueOrder;
    b.codelInterval = codelInterval;
    b.codelTarget = codelTarget;
    b.adaptiveLimit = adaptiveLimit;
    return b;
  }

  /** {@return whether a gate applies ({@code maxConcurrentRequests > 0} or {@code adaptive})} */
  public boolean enabled() {
    return maxConcurrentRequests > 0 || adaptiveLimit != null;
  }

  /** {@return whether the limit is adaptive ({@code maxConcurrentRequests=adaptive})} */
  public boolean adaptive() {
    return adaptiveLimit != null;
  }

  /** {@return the adaptive limit's settings, or null for a fixed limit} */
  public AdaptiveLimitConfig adaptiveLimit() {
    return adaptiveLimit;
  }

  /**
   * A new limit for a gate with these settings: {@link ConcurrencyLimit#fixed(int)} of
   * {@code maxConcurrentRequests}, or an {@link AdaptiveLimit} on {@code nanoClock}.
   *
   * @param nanoClock the gate's clock
   * @return the limit
   */
  public ConcurrencyLimit newLimit(java.util.function.LongSupplier nanoClock) {
    return adaptiveLimit != null ? AdaptiveLimit.create(adaptiveLimit, nanoClock)
        : ConcurrencyLimit.fixed(Math.max(1, maxConcurrentRequests));
  }

  /** {@return fixed permits; 0 = no gate, or an adaptive limit ({@link #adaptive()})} */
  public int maxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  /** {@return how many requests may wait for a permit; 0 = none} */
  public int maxQueuedRequests() {
    return maxQueuedRequests;
  }

  /** {@return the longest a request waits before it is refused with {@code queueTime}} */
  public Duration maxQueueTime() {
    return maxQueueTime;
  }

  /** {@return the queue discipline} */
  public QueueOrder queueOrder() {
    return queueOrder;
  }

  /** {@return how long the queue must stand (never empty) before CoDel applies} */
  public Duration codelInterval() {
    return codelInterval;
  }

  /** {@return the longest wait while CoDel applies} */
  public Duration codelTarget() {
    return codelTarget;
  }

  @Override
  public String toString() {
    return "AdmissionConfig{maxConcurrentRequests=" + maxConcurrentRequests + ", maxQueuedRequests="
        + maxQueuedRequests + ", maxQueueTime=" + maxQueueTime + ", queueOrder=" + queueOrder
        + ", codelInterval=" + codelInterval + ", codelTarget=" + codelTarget
        + (adaptiveLimit != null ? ", adaptive=" + adaptiveLimit : "") + '}';
  }

  /**
   * Validating builder: every setter refuses a bad value at once with
   * {@code <name>: <allowed>. Found: <value>}. Not thread-safe.
   */
  public static final class Builder {
    private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
    private int maxQueuedRequests = DEFAULT_MAX_QUEUED_REQUESTS;
    private Duration maxQueueTime = DEFAULT_MAX_QUEUE_TIME;
    private QueueOrder queueOrder = DEFAULT_QUEUE_ORDER;
    private Duration codelInterval = DEFAULT_CODEL_INTERVAL;
    private Duration codelTarget = DEFAULT_CODEL_TARGET;
    private AdaptiveLimitConfig adaptiveLimit;

    private Builder() {}

    /**
     * A fixed limit; replaces an {@link #adaptive(AdaptiveLimitConfig)} one.
     *
     * @param max permits in [0, 1000000]; 0 (the default) turns the gate off
     * @return this builder
     */
    public Builder maxConcurrentRequests(int max) {
      maxConcurrentRequests = bound("maxConcurrentRequests", max);
      adaptiveLimit = null;
      return this;
    }

    /**
     * {@code maxConcurrentRequests=adaptive}: the limit follows latency within the bounds of
     * {@code limit} ({@code minConcurrentRequests}, {@code maxConcurrentRequestsLimit}); replaces
     * a fixed {@link #maxConcurrentRequests(int)}.
     *
     * @param limit the adaptive limit's settings, e.g. {@link AdaptiveLimitConfig#DEFAULTS}
     * @return this builder
     */
    public Builder adaptive(AdaptiveLimitConfig limit) {
      if (limit == null) {
        throw Checks.error("maxConcurrentRequests", "an AdaptiveLimitConfig for adaptive", null);
      }
      adaptiveLimit = limit;
      maxConcurrentRequests = 0;
      return this;
    }

    /**
     * How many requests may wait for a permit.
     *
     * @param max waiting requests in [0, 1000000]; default 0
     * @return this builder
     */
    public Builder maxQueuedRequests(int max) {
      maxQueuedRequests = bound("maxQueuedRequests", max);
      return this;
    }

    /**
     * The longest a request waits for a permit.
     *
     * @param max at least 1 ms; default 1 s
     * @return this builder
     */
    public Builder maxQueueTime(Duration max) {
      maxQueueTime = positive("maxQueueTime", max);
      return this;
    }

    /**
     * The order waiting requests of one criticality level are served in.
     *
     * @param order FIFO (default) or ADAPTIVE_LIFO
     * @return this builder
     */
    public Builder queueOrder(QueueOrder order) {
      if (order == null) {
        throw Checks.error("queueOrder", "fifo or adaptive-lifo", null);
      }
      queueOrder = order;
      return this;
    }

    /**
     * With adaptive LIFO: how long the queue must stay non-empty before CoDel applies.
     *
     * @param interval at least 1 ms; default 100 ms
     * @return this builder
     */
    public Builder codelInterval(Duration interval) {
      codelInterval = positive("codelInterval", interval);
      return this;
    }

    /**
     * With adaptive LIFO: the longest wait while CoDel applies.
     *
     * @param target at least 1 ms; default 5 ms
     * @return this builder
     */
    public Builder codelTarget(Duration target) {
      codelTarget = positive("codelTarget", target);
      return this;
    }

    /**
     * Checks the settings together.
     *
     * @return the settings
     */
    public AdmissionConfig build() {
      if (maxQueuedRequests > 0 && maxConcurrentRequests == 0 && adaptiveLimit == null) {
        throw Checks.error("maxQueuedRequests", "0 unless maxConcurrentRequests is set", maxQueuedRequests);
      }
      if (codelTarget.compareTo(maxQueueTime) > 0) {
        throw Checks.error("codelTarget", "at most maxQueueTime (" + maxQueueTime.toMillis() + "ms)", codelTarget);
      }
      return new AdmissionConfig(this);
    }

    private static int bound(String name, int v) {
      if (v < 0 || v > MAX_BOUND) {
        throw Checks.error(name, "a whole number in [0, " + MAX_BOUND + "]", v);
      }
      return v;
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.compareTo(Duration.ofMillis(1)) < 0) {
        throw Checks.error(name, "a duration >= 1ms", d);
      }
      return d;
    }
  }
}
