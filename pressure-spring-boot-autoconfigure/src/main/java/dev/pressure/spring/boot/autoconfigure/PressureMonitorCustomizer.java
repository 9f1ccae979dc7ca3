package dev.pressure.spring.boot.autoconfigure;

import dev.pressure.PressureMonitor;

/**
 * Adds to the monitor the starter builds from {@code pressure.*} what properties cannot say:
 * custom signals, a health or liveness check, listeners. Declare one or more as beans; they run
 * in {@code @Order} order after the properties are applied, before the monitor starts.
 *
 * <pre>{@code
 * @Bean
 * PressureMonitorCustomizer queueRatio(WorkQueue queue) {
 *   return builder -> builder.liveSignal("queue_ratio", queue::ratio);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface PressureMonitorCustomizer {

  /**
   * Customizes the builder.
   *
   * @param builder the builder, with the properties already applied
   */
  void customize(PressureMonitor.Builder builder);
}
