package dev.pressure.spring.boot.autoconfigure;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureSnapshot;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code pressureLiveness} health indicator of the liveness group: {@code DOWN} while the
 * monitor's liveness check (registered with a {@link PressureMonitorCustomizer}) fails, else
 * {@code UP}; always {@code UP} without a liveness check. Thread-safe, no state of its own.
 */
public final class PressureLivenessHealthIndicator implements HealthIndicator {

  private final PressureMonitor monitor;

  /**
   * An indicator of {@code monitor}'s liveness check.
   *
   * @param monitor the monitor
   */
  public PressureLivenessHealthIndicator(PressureMonitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public Health health() {
    PressureSnapshot s = monitor.snapshot();
    if (s.alive()) {
      return Health.up().build();
    }
    return Health.down().withDetail("detail", String.valueOf(s.livenessDetail())).build();
  }
}
