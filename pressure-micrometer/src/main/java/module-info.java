/**
 * pressure-micrometer: {@link dev.pressure.micrometer.PressureMeterBinder} binds a
 * {@link dev.pressure.PressureMonitor}'s signals, tier verdicts, shed counters and latency
 * quantiles to any Micrometer {@code MeterRegistry}.
 */
module dev.pressure.micrometer {
  requires transitive dev.pressure;
  requires transitive micrometer.core;

  exports dev.pressure.micrometer;
}
