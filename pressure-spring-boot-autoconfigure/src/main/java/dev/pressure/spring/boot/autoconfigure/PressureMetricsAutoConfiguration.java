package dev.pressure.spring.boot.autoconfigure;

import dev.pressure.PressureMonitor;
import dev.pressure.micrometer.PressureMeterBinder;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer: the monitor's meters ({@link PressureMeterBinder}) bound to every registry Spring
 * Boot configures, so {@code /actuator/prometheus} shows the {@code pressure_*} series.
 */
@AutoConfiguration(after = PressureAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, PressureMeterBinder.class})
@ConditionalOnBean(PressureMonitor.class)
public class PressureMetricsAutoConfiguration {

  /** Created by Spring. */
  public PressureMetricsAutoConfiguration() {}

  /**
   * The binder; Spring Boot binds every {@link MeterBinder} bean to its registries.
   *
   * @param monitor the monitor
   * @return the binder
   */
  @Bean
  @ConditionalOnMissingBean
  public PressureMeterBinder pressureMeterBinder(PressureMonitor monitor) {
    return new PressureMeterBinder(monitor);
  }
}
