package dev.pressure.bench.overload;

/**
 * What the endpoint's fixed capacity is made of.
 *
 * <p>Thread-safe (immutable).
 */
enum Workload {
  /**
   * A constrained resource, as performance-sandbox's {@code /expensive-op}: a pool of
   * {@code concurrency} slots (think JDBC connections or a downstream's limit), each request
   * holding one for the service time while its thread waits. Little CPU is used; the queue
   * forms on the pool.
   */
  RESOURCE("resource"),
  /**
   * CPU-bound work: each request burns the service time in CPU (measured as the thread's CPU
   * time) on one of {@code concurrency} = available-processors slots, so the cores are the
   * resource and the load generator competes with the server for them.
   */
  CPU("cpu"),
  /**
   * What most users run: a plain synchronous servlet that sleeps the service time, whose only
   * bottleneck is the container's own thread pool ({@code concurrency} request threads plus
   * {@link BenchServer#SPARE_THREADS}, one acceptor and one selector, none reserved). Without
   * protection the queue forms in the pool's job queue, before any filter runs; a protection
   * told {@code concurrency} keeps the spare thread free to refuse or suspend arrivals.
   * {@link HarnessOptions#THREAD_POOL_PERMITS} threads of {@link HarnessOptions#THREAD_POOL_SERVICE}.
   */
  THREAD_POOL("thread-pool");

  private final String label;

  Workload(String label) {
    this.label = label;
  }

  /** @return the name used in tables, files and on the command line */
  String label() {
    return label;
  }

  static Workload parse(String label) {
    for (Workload w : values()) {
      if (w.label.equals(label)) {
        return w;
      }
    }
    throw new IllegalArgumentException("--workloads: resource, cpu, thread-pool. Found: " + label);
  }
}
