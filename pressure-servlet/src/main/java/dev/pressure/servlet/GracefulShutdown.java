package dev.pressure.servlet;

import dev.pressure.internal.ConfigParser;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shutdown timeline of a web application behind a load balancer that learns late that an
 * instance is going away (Kubernetes: kube-proxy, CoreDNS and ingress controllers drop an
 * endpoint some seconds after the pod got SIGTERM):
 * <ol>
 *   <li>readiness fails at once ({@link DrainSwitch#failReadiness()}) while requests are still
 *       served, for {@link Builder#delay(Duration) delay};
 *   <li>then new work is refused with 503 {@code draining} and {@code Connection: close}
 *       ({@link DrainSwitch#drain()}), and requests in flight get up to
 *       {@link Builder#grace(Duration) grace} to finish
 *       ({@link UnderPressureFilter#awaitIdle(Duration)}, no polling);
 *   <li>at grace expiry every asynchronous request still open is answered 503 + {@code Retry-After}
 *       ({@link UnderPressureFilter#answerRemaining()}), never left to a container error page.
 * </ol>
 * Stop the container after {@link #run} returns. Immutable and thread-safe; {@link #run} blocks
 * the calling thread (a shutdown hook, a signal handler's thread, a Spring lifecycle callback).
 */
public final class GracefulShutdown {

  /** Default delay before refusing new work: none (nothing routes late outside a cluster). */
  public static final Duration DEFAULT_DELAY = Duration.ZERO;
  /** Default grace for requests in flight: 30 s, Kubernetes' default termination grace period. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
  /** Longest delay or grace accepted: 1 hour. */
  public static final Duration MAX_DURATION = Duration.ofHours(1);

  /** How the delay is waited; a test replaces it to step through the timeline. */
  interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  private final Duration delay;
  private final Duration grace;
  private final Pause pause;

  private GracefulShutdown(Builder b) {
    this.delay = b.delay;
    this.grace = b.grace;
    this.pause = b.pause;
  }

  /**
   * A builder with the defaults: no delay, 30 s grace.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return how long readiness fails while work is still served} */
  public Duration delay() {
    return delay;
  }

  /** {@return how long requests in flight may take once new work is refused} */
  public Duration grace() {
    return grace;
  }

  /**
   * Runs the timeline on the calling thread; returns after at most delay + grace.
   *
   * @param drain the application's switch ({@link PressureServletContext#drainSwitch})
   * @param filters the filters whose requests are waited for and, at grace expiry, answered
   * @return what happened
   * @throws InterruptedException when interrupted; the switch then already refuses new work
   */
  public Outcome run(DrainSwitch drain, List<UnderPressureFilter> filters) throws InterruptedException {
    if (drain == null) {
      throw ConfigParser.error("drain", "a DrainSwitch", null);
    }
    if (filters == null || filters.stream().anyMatch(java.util.Objects::isNull)) {
      throw ConfigParser.error("filters", "a list of filters without null", filters);
    }
    drain.failReadiness();
    try {
      if (!delay.isZero()) {
        pause.pause(delay);
      }
    } finally {
      drain.drain();
    }
    long deadline = System.nanoTime() + grace.toNanos();
    boolean idle = true;
    for (UnderPressureFilter f : filters) {
      long left = Math.max(0, deadline - System.nanoTime());
      idle &= f.awaitIdle(Duration.ofNanos(left));
    }
    int answered = 0;
    if (!idle) {
      for (UnderPressureFilter f : filters) {
        answered += f.answerRemaining();
      }
    }
    return new Outcome(idle, answered);
  }

  @Override
  public String toString() {
    return "GracefulShutdown{delay=" + delay + ", grace=" + grace + '}';
  }

  /**
   * What a shutdown did.
   *
   * @param idle true when every request in flight finished within the grace period
   * @param answeredAtExpiry requests still open at grace expiry, answered 503 {@code draining}
   */
  public record Outcome(boolean idle, int answeredAtExpiry) {}

  /**
   * Validating builder; a bad value fails at once with {@code <name>: <allowed>. Found: <value>}.
   * Not thread-safe.
   */
  public static final class Builder {
    private Duration delay = DEFAULT_DELAY;
    private Duration grace = DEFAULT_GRACE;
    private Pause pause = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());

    private Builder() {}

    /**
     * How long readiness fails while requests are still served, before new work is refused.
     * In Kubernetes, longer than endpoints take to drop the pod (a few seconds; 5 s in the chart).
     *
     * @param delay 0 to 1 h; default 0
     * @return this builder
     */
    public Builder delay(Duration delay) {
      this.delay = checked("delay", delay);
      return this;
    }

    /**
     * How long requests in flight may take once new work is refused.
     *
     * @param grace 0 to 1 h; default 30 s
     * @return this builder
     */
    public Builder grace(Duration grace) {
      this.grace = checked("grace", grace);
      return this;
    }

    Builder pause(Pause pause) {
      this.pause = pause;
      return this;
    }

    /** {@return the immutable timeline} */
    public GracefulShutdown build() {
      return new GracefulShutdown(this);
    }

    private static Duration checked(String name, Duration d) {
      if (d == null || d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
        throw ConfigParser.error(name, "a duration from 0 to 1 h", d);
      }
      return d;
    }
  }
}
