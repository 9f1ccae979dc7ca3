/**
 * pressure-core: one monitor samples JVM and custom signals off the request path and
 * publishes an immutable snapshot; threshold sets ("tiers") judge it for shedding,
 * readiness and metrics. Zero runtime dependencies beyond the JDK.
 */
module dev.pressure {
  requires java.management;
  requires static jdk.management;

  exports dev.pressure;
  exports dev.pressure.admission;
  // Implementation shared with pressure's own modules only (ConfigParser, the settings table):
  // not API. A module named here that is absent only draws a compiler warning.
  exports dev.pressure.internal to
      dev.pressure.servlet,
      dev.pressure.prometheus,
      dev.pressure.prometheus.metrics,
      dev.pressure.micrometer;
}
