package dev.pressure.bench.overload;

/**
 * A workload's measured capacity: the throughput of a closed loop that keeps twice the
 * endpoint's concurrency outstanding, through the unprotected server, in the same run as the
 * cells that are compared with it.
 *
 * <p>Immutable; thread-safe.
 *
 * @param workload the workload
 * @param concurrency the endpoint's slots
 * @param serviceMillis time (or CPU time) per request in a slot
 * @param nominalPerSecond concurrency / service time
 * @param perSecond measured throughput
 * @param p50Millis median latency in the closed loop
 * @param p99Millis p99 latency in the closed loop
 */
record Capacity(Workload workload, int concurrency, double serviceMillis, double nominalPerSecond,
    double perSecond, double p50Millis, double p99Millis) {}
