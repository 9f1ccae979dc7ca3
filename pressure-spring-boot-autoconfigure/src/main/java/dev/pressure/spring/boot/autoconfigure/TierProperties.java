package dev.pressure.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/** The limits of one tier ({@code pressure.tiers.<name>.}); 0 turns a check off. Not thread-safe. */
public class TierProperties {

  /** Scheduling-lag limit of this tier; 0 turns it off. */
  private Duration maxEventLoopDelay = Duration.ZERO;

  /** CPU-use limit of this tier, 0..1; 0 turns it off. */
  private double maxEventLoopUtilization;

  /** Heap limit of this tier; 0 turns it off. */
  private DataSize maxHeapUsedBytes = DataSize.ofBytes(0);

  /** RSS limit of this tier; 0 turns it off. */
  private DataSize maxRssBytes = DataSize.ofBytes(0);

  /** Latency limit of this tier; 0 turns it off. */
  private Duration maxLatency = Duration.ZERO;

  /** Whether a failing health check (registered with a PressureMonitorCustomizer) puts this tier under pressure. */
  private boolean healthCheck = true;

  /** Custom-signal limits of this tier, by signal name. */
  private Map<String, Double> maxSignals = new LinkedHashMap<>();

  /** Creates a tier with every check off. */
  public TierProperties() {}

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

  /** {@return whether the health check counts} */
  public boolean isHealthCheck() {
    return healthCheck;
  }

  /**
   * Sets whether the health check counts.
   *
   * @param healthCheck whether the health check counts
   */
  public void setHealthCheck(boolean healthCheck) {
    this.healthCheck = healthCheck;
  }

  /** {@return the custom-signal limits} */
  public Map<String, Double> getMaxSignals() {
    return maxSignals;
  }

  /**
   * Sets the custom-signal limits.
   *
   * @param maxSignals the custom-signal limits
   */
  public void setMaxSignals(Map<String, Double> maxSignals) {
    this.maxSignals = maxSignals;
  }
}
