package dev.pressure.bench.overload;

/**
 * A workload's measured capacity: the best one-second throughput of a closed loop that keeps
 * twice the endpoint's concurrency outstanding, through the unprotected server, in the same
 * run as the cells that are compared with it. The worst window shows how much other
 * processes took meanwhile.
 *
 * <p>Immutable; thread-safe.
 *
 * @param workload the workload
 * @param concurrency the endpoint's slots
 * @param serviceMillis time (or CPU time) per request in a slot
 * @param nominalPerSecond concurrency / service time
 * @param perSecond measured throughput, best window
 * @param worstWindowPerSecond measured throughput, worst window
 * @param p50Millis median latency in the closed loop
 * @param p99Millis p99 latency in the closed loop
 */
record Capacity(Workload workload, int concurrency, double serviceMillis, double nominalPerSecond,
    double perSecond, double worstWindowPerSecond, double p50Millis, double p99Millis) {}
