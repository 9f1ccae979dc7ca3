package dev.pressure.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code pressure.}: the init-params of {@code UnderPressureFilter} in kebab-case
 * ({@code maxHeapUsedBytes} is {@code pressure.max-heap-used-bytes}), plus tiers as
 * {@code pressure.tiers.<name>.<limit>}. A limit of 0 (the default) turns its check off, as in
 * under-pressure. Values are checked by the library's builders when the monitor is built; a bad
 * one stops start-up with {@code pressure.<name>: <allowed>. Found: <value>}.
 *
 * <p>A mutable binding target, as Spring Boot requires; the monitor built from it is immutable.
 * Not thread-safe; Spring binds it once at start-up.
 */
@ConfigurationProperties(prefix = "pressure")
public class PressureProperties {

  /** Whether the starter configures anything at all. */
  private boolean enabled = true;

  /** How often the monitor samples its signals (at least 10ms). */
  private Duration sampleInterval = Duration.ofSeconds(1);

  /** Scheduling lag (under-pressure eventLoopDelay) above which requests are shed; 0 turns it off. */
  private Duration maxEventLoopDelay = Duration.ZERO;

  /** Process CPU use over the last interval, 0..1 of the container's CPUs, above which requests are shed; 0 turns it off. */
  private double maxEventLoopUtilization;

  /** Heap in use above which requests are shed ("512MB", or bytes); 0 turns it off. */
  private DataSize maxHeapUsedBytes = DataSize.ofBytes(0);

  /** Resident set size above which requests are shed; 0 turns it off. */
  private DataSize maxRssBytes = DataSize.ofBytes(0);

  /** The sliding-window latency quantile (latency-quantile) above which requests are shed; 0 turns it off. */
  private Duration maxLatency = Duration.ZERO;

  /** The quantile max-latency is compared with, in (0, 1). */
  private double latencyQuantile = 0.999;

  /** How far back the latency window reaches. */
  private Duration latencyMaxAge = Duration.ofSeconds(60);

  /** How many slices the latency window rotates through. */
  private int latencyAgeBuckets = 5;

  /** Limits on custom signals (registered with a PressureMonitorCustomizer) for the default tier, by signal name. */
  private Map<String, Double> maxSignals = new LinkedHashMap<>();

  /** The Retry-After of a shed response, in whole seconds. */
  private Duration retryAfter = Duration.ofSeconds(10);

  /** The message of a shed response's JSON body. */
  private String message = "Service Unavailable";

  /**
   * Paths the filter never sheds nor times, exact ({@code /ping}) or prefix patterns
   * ({@code /static/*}); the Actuator base path is always excluded.
   */
  private List<String> excludePaths = new ArrayList<>();

  /** Order of the shedding filter among the servlet filters; early, so shed requests cost little. */
  private int filterOrder = DEFAULT_FILTER_ORDER;

  /** The tier the "pressure" health indicator (readiness group) is judged on; the default tier when no tier of that name is configured. */
  private String readinessTier = "readiness";

  /** Further tiers by name, each judged on the same samples: e.g. pressure.tiers.readiness.max-latency=400ms. */
  private Map<String, TierProperties> tiers = new LinkedHashMap<>();

  /** How many requests may be inside the application at once (the admission gate); the rest queue or get 503 "concurrentRequests". 0 turns the gate off. */
  private int maxConcurrentRequests;

  /** How many requests beyond max-concurrent-requests wait (suspended, no thread held) for a permit; needs the gate. */
  private int maxQueuedRequests;

  /** The longest a queued request waits before its 503 "queueTime". */
  private Duration maxQueueTime = Duration.ofSeconds(1);

  /** Which queued request gets a free permit first: fifo (oldest), or adaptive-lifo (CoDel: while the queue stands, newest first and waits over codel-target refused). */
  private String queueOrder = "fifo";

  /** With adaptive-lifo, how long the queue must stand (never empty) before CoDel applies. */
  private Duration codelInterval = Duration.ofMillis(100);

  /** With adaptive-lifo, the queue wait above which CoDel refuses a request; at most max-queue-time. */
  private Duration codelTarget = Duration.ofMillis(5);

  /** The header a trusted gateway sets to a criticality (CRITICAL_PLUS, CRITICAL, SHEDDABLE_PLUS, SHEDDABLE); none by default. Needs the gate. */
  private String criticalityHeader;

  /** The header with the client's remaining time (milliseconds, or grpc-timeout format); none by default. Needs the gate. */
  private String deadlineHeader;

  /** How long an async request may hold a gate permit before it is logged (once) as a likely leak. */
  private Duration permitLeakWarning = Duration.ofMinutes(10);

  /** The fewest latency samples in the window before max-latency is judged; unset derives it from latency-quantile (ceil(1 / (1 - quantile))). */
  private Long latencyMinSamples;

  /** The filter's default order: right after Spring's character-encoding filter. */
  public static final int DEFAULT_FILTER_ORDER = Integer.MIN_VALUE + 10;

  /** Creates the properties with their defaults. */
  public PressureProperties() {}

  /** {@return whether the starter is on} */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether the starter is on.
   *
   * @param enabled whether the starter is on
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** {@return the sample interval} */
  public Duration getSampleInterval() {
    return sampleInterval;
  }

  /**
   * Sets the sample interval.
   *
   * @param sampleInterval the sample interval
   */
  public void setSampleInterval(Duration sampleInterval) {
    this.sampleInterval = sampleInterval;
  }

  /** {@return the scheduling-lag limit} */
  public Duration getMaxEventLoopDelay() {
    return maxEventLoopDelay;
  }

  /**
   * Sets the scheduling-lag limit.
   *
   * @param maxEventLoopDelay the scheduling-lag limit
   */
  public void setMaxEventLoopDelay(Duration maxEventLoopDelay) {
    this.maxEventLoopDelay = maxEventLoopDelay;
  }

  /** {@return the CPU-use limit} */
  public double getMaxEventLoopUtilization() {
    return maxEventLoopUtilization;
  }

  /**
   * Sets the CPU-use limit.
   *
   * @param maxEventLoopUtilization the CPU-use limit
   */
  public void setMaxEventLoopUtilization(double maxEventLoopUtilization) {
    this.maxEventLoopUtilization = maxEventLoopUtilization;
  }

  /** {@return the heap limit} */
  public DataSize getMaxHeapUsedBytes() {
    return maxHeapUsedBytes;
  }

  /**
   * Sets the heap limit.
   *
   * @param maxHeapUsedBytes the heap limit
   */
  public void setMaxHeapUsedBytes(DataSize maxHeapUsedBytes) {
    this.maxHeapUsedBytes = maxHeapUsedBytes;
  }

  /** {@return the RSS limit} */
  public DataSize getMaxRssBytes() {
    return maxRssBytes;
  }

  /**
   * Sets the RSS limit.
   *
   * @param maxRssBytes the RSS limit
   */
  public void setMaxRssBytes(DataSize maxRssBytes) {
    this.maxRssBytes = maxRssBytes;
  }

  /** {@return the latency limit} */
  public Duration getMaxLatency() {
    return maxLatency;
  }

  /**
   * Sets the latency limit.
   *
   * @param maxLatency the latency limit
   */
  public void setMaxLatency(Duration maxLatency) {
    this.maxLatency = maxLatency;
  }

  /** {@return the latency quantile} */
  public double getLatencyQuantile() {
    return latencyQuantile;
  }

  /**
   * Sets the latency quantile.
   *
   * @param latencyQuantile the latency quantile
   */
  public void setLatencyQuantile(double latencyQuantile) {
    this.latencyQuantile = latencyQuantile;
  }

  /** {@return the latency window's length} */
  public Duration getLatencyMaxAge() {
    return latencyMaxAge;
  }

  /**
   * Sets the latency window's length.
   *
   * @param latencyMaxAge the latency window's length
   */
  public void setLatencyMaxAge(Duration latencyMaxAge) {
    this.latencyMaxAge = latencyMaxAge;
  }

  /** {@return the latency window's slices} */
  public int getLatencyAgeBuckets() {
    return latencyAgeBuckets;
  }

  /**
   * Sets the latency window's slices.
   *
   * @param latencyAgeBuckets the latency window's slices
   */
  public void setLatencyAgeBuckets(int latencyAgeBuckets) {
    this.latencyAgeBuckets = latencyAgeBuckets;
  }

  /** {@return the default tier's custom-signal limits} */
  public Map<String, Double> getMaxSignals() {
    return maxSignals;
  }

  /**
   * Sets the default tier's custom-signal limits.
   *
   * @param maxSignals the default tier's custom-signal limits
   */
  public void setMaxSignals(Map<String, Double> maxSignals) {
    this.maxSignals = maxSignals;
  }

  /** {@return the Retry-After} */
  public Duration getRetryAfter() {
    return retryAfter;
  }

  /**
   * Sets the Retry-After.
   *
   * @param retryAfter the Retry-After
   */
  public void setRetryAfter(Duration retryAfter) {
    this.retryAfter = retryAfter;
  }

  /** {@return the shed response's message} */
  public String getMessage() {
    return message;
  }

  /**
   * Sets the shed response's message.
   *
   * @param message the shed response's message
   */
  public void setMessage(String message) {
    this.message = message;
  }

  /** {@return the excluded paths} */
  public List<String> getExcludePaths() {
    return excludePaths;
  }

  /**
   * Sets the excluded paths.
   *
   * @param excludePaths the excluded paths
   */
  public void setExcludePaths(List<String> excludePaths) {
    this.excludePaths = excludePaths;
  }

  /** {@return the filter's order} */
  public int getFilterOrder() {
    return filterOrder;
  }

  /**
   * Sets the filter's order.
   *
   * @param filterOrder the filter's order
   */
  public void setFilterOrder(int filterOrder) {
    this.filterOrder = filterOrder;
  }

  /** {@return the tier the readiness health indicator is judged on} */
  public String getReadinessTier() {
    return readinessTier;
  }

  /**
   * Sets the tier the readiness health indicator is judged on.
   *
   * @param readinessTier the tier the readiness health indicator is judged on
   */
  public void setReadinessTier(String readinessTier) {
    this.readinessTier = readinessTier;
  }

  /** {@return the tiers by name} */
  public Map<String, TierProperties> getTiers() {
    return tiers;
  }

  /**
   * Sets the tiers by name.
   *
   * @param tiers the tiers by name
   */
  public void setTiers(Map<String, TierProperties> tiers) {
    this.tiers = tiers;
  }

  /** {@return the concurrency limit of the admission gate} */
  public int getMaxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  /**
   * Sets the concurrency limit of the admission gate.
   *
   * @param maxConcurrentRequests the concurrency limit of the admission gate
   */
  public void setMaxConcurrentRequests(int maxConcurrentRequests) {
    this.maxConcurrentRequests = maxConcurrentRequests;
  }

  /** {@return the queue bound of the admission gate} */
  public int getMaxQueuedRequests() {
    return maxQueuedRequests;
  }

  /**
   * Sets the queue bound of the admission gate.
   *
   * @param maxQueuedRequests the queue bound of the admission gate
   */
  public void setMaxQueuedRequests(int maxQueuedRequests) {
    this.maxQueuedRequests = maxQueuedRequests;
  }

  /** {@return the longest queue wait} */
  public Duration getMaxQueueTime() {
    return maxQueueTime;
  }

  /**
   * Sets the longest queue wait.
   *
   * @param maxQueueTime the longest queue wait
   */
  public void setMaxQueueTime(Duration maxQueueTime) {
    this.maxQueueTime = maxQueueTime;
  }

  /** {@return the queue order, fifo or adaptive-lifo} */
  public String getQueueOrder() {
    return queueOrder;
  }

  /**
   * Sets the queue order, fifo or adaptive-lifo.
   *
   * @param queueOrder the queue order, fifo or adaptive-lifo
   */
  public void setQueueOrder(String queueOrder) {
    this.queueOrder = queueOrder;
  }

  /** {@return the CoDel interval} */
  public Duration getCodelInterval() {
    return codelInterval;
  }

  /**
   * Sets the CoDel interval.
   *
   * @param codelInterval the CoDel interval
   */
  public void setCodelInterval(Duration codelInterval) {
    this.codelInterval = codelInterval;
  }

  /** {@return the CoDel target} */
  public Duration getCodelTarget() {
    return codelTarget;
  }

  /**
   * Sets the CoDel target.
   *
   * @param codelTarget the CoDel target
   */
  public void setCodelTarget(Duration codelTarget) {
    this.codelTarget = codelTarget;
  }

  /** {@return the criticality header, or null} */
  public String getCriticalityHeader() {
    return criticalityHeader;
  }

  /**
   * Sets the criticality header, or null.
   *
   * @param criticalityHeader the criticality header, or null
   */
  public void setCriticalityHeader(String criticalityHeader) {
    this.criticalityHeader = criticalityHeader;
  }

  /** {@return the deadline header, or null} */
  public String getDeadlineHeader() {
    return deadlineHeader;
  }

  /**
   * Sets the deadline header, or null.
   *
   * @param deadlineHeader the deadline header, or null
   */
  public void setDeadlineHeader(String deadlineHeader) {
    this.deadlineHeader = deadlineHeader;
  }

  /** {@return the permit-leak warning age} */
  public Duration getPermitLeakWarning() {
    return permitLeakWarning;
  }

  /**
   * Sets the permit-leak warning age.
   *
   * @param permitLeakWarning the permit-leak warning age
   */
  public void setPermitLeakWarning(Duration permitLeakWarning) {
    this.permitLeakWarning = permitLeakWarning;
  }

  /** {@return the latency window's minimum sample count, or null to derive it} */
  public Long getLatencyMinSamples() {
    return latencyMinSamples;
  }

  /**
   * Sets the latency window's minimum sample count, or null to derive it.
   *
   * @param latencyMinSamples the latency window's minimum sample count, or null to derive it
   */
  public void setLatencyMinSamples(Long latencyMinSamples) {
    this.latencyMinSamples = latencyMinSamples;
  }
}
