package dev.pressure.spring.boot.autoconfigure;

import dev.pressure.PressureMonitor;
import dev.pressure.spring.boot.autoconfigure.internal.CoreBridge;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Actuator health: {@code pressure} (readiness group, the readiness tier) and
 * {@code pressureLiveness} (liveness group, the liveness check). Needs spring-boot-health
 * (spring-boot-starter-actuator brings it).
 */
@AutoConfiguration(after = PressureAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(PressureMonitor.class)
public class PressureHealthAutoConfiguration {

  /** Created by Spring. */
  public PressureHealthAutoConfiguration() {}

  /**
   * The readiness indicator, named {@code pressure}.
   *
   * @param monitor the monitor
   * @param properties for {@code pressure.readiness-tier}
   * @return the indicator
   */
  @Bean(name = "pressureHealthIndicator")
  @ConditionalOnMissingBean(name = "pressureHealthIndicator")
  public PressureHealthIndicator pressureHealthIndicator(PressureMonitor monitor, PressureProperties properties) {
    return new PressureHealthIndicator(monitor, CoreBridge.readinessTier(monitor, properties.getReadinessTier()));
  }

  /**
   * The liveness indicator, named {@code pressureLiveness}.
   *
   * @param monitor the monitor
   * @return the indicator
   */
  @Bean(name = "pressureLivenessHealthIndicator")
  @ConditionalOnMissingBean(name = "pressureLivenessHealthIndicator")
  public PressureLivenessHealthIndicator pressureLivenessHealthIndicator(PressureMonitor monitor) {
    return new PressureLivenessHealthIndicator(monitor);
  }
}
