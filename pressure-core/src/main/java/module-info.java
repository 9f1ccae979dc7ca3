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
}
