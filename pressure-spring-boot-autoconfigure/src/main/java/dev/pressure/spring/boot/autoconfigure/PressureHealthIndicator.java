package dev.pressure.spring.boot.autoconfigure;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureReading;
import dev.pressure.PressureType;
import dev.pressure.Tier;
import dev.pressure.spring.boot.autoconfigure.internal.CoreBridge;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code pressure} health indicator of the readiness group: {@code OUT_OF_SERVICE} while
 * its tier (property {@code pressure.readiness-tier}, default {@code readiness}) is under
 * pressure, so {@code /actuator/health/readiness} answers 503, else {@code UP}. Details (tier,
 * pressure type, the value compared) follow the health endpoint's show-details rules. Judged on
 * one {@link dev.pressure.PressureReading} per call, live signals included; thread-safe, no state of its own.
 */
public final class PressureHealthIndicator implements HealthIndicator {

  private final PressureMonitor monitor;
  private final Tier tier;

  /**
   * An indicator judged on {@code tier}.
   *
   * @param monitor the monitor
   * @param tier the tier
   */
  public PressureHealthIndicator(PressureMonitor monitor, Tier tier) {
    this.monitor = monitor;
    this.tier = tier;
  }

  @Override
  public Health health() {
    // One reading: the verdict and the value reported come from the same snapshot and live reads.
    PressureReading reading = CoreBridge.read(monitor);
    PressureType type = CoreBridge.judge(reading, tier);
    if (type == null) {
      return Health.up().withDetail("tier", tier.name()).build();
    }
    return Health.outOfService().withDetail("tier", tier.name()).withDetail("type", type.name())
        .withDetail("value", reading.value(type)).build();
  }
}
