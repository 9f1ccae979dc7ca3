package dev.pressure.internal;

import dev.pressure.HealthCheck;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Every thread one monitor runs, all daemons named {@code pressure-<id>-<role>-<n>}: the sampler
 * (sampling and check scheduling), the lag probe, and at most two threads per health or liveness
 * check (one may be stuck in a run that timed out while the next runs). {@link #close()} stops
 * them all and waits for them. Thread-safe.
 */
public final class MonitorThreads {

  private final String prefix;
  private final List<DaemonThreadFactory> factories = new ArrayList<>();
  private final ScheduledThreadPoolExecutor scheduler;
  private final List<ExecutorService> pools = new ArrayList<>();
  private final List<HealthCheckRunner> checks = new ArrayList<>();
  private Thread lagThread;

  /**
   * The threads of one monitor, named after its id.
   *
   * @param id the monitor's JVM-unique id, e.g. {@code shop-2}
   */
  public MonitorThreads(String id) {
    this.prefix = "pressure-" + id;
    this.scheduler = new ScheduledThreadPoolExecutor(1, factory("sampler"));
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  private DaemonThreadFactory factory(String role) {
    DaemonThreadFactory f = new DaemonThreadFactory(prefix + "-" + role);
    factories.add(f);
    return f;
  }

  /**
   * A check's runner on its own pool (not started).
   *
   * @param name {@code healthCheck} or {@code livenessCheck}
   * @param role thread-name role, {@code health} or {@code liveness}
   * @param check the user's check
   * @param intervalNanos time between runs
   * @param timeoutNanos time a run may take
   * @param log where failures go
   * @return the runner
   */
  public HealthCheckRunner check(String name, String role, HealthCheck check, long intervalNanos,
      long timeoutNanos, RateLimitedLogger log) {
    ExecutorService pool = new ThreadPoolExecutor(0, 2, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory(role));
    pools.add(pool);
    HealthCheckRunner runner = new HealthCheckRunner(name, check, intervalNanos, timeoutNanos, scheduler, pool, log);
    checks.add(runner);
    return runner;
  }

  /**
   * Starts the lag probe's thread, the checks, and (when {@code intervalNanos > 0}) sampling at a
   * fixed delay, the first one interval from now.
   *
   * @param lagProbe the probe loop
   * @param sample one sample; must not throw
   * @param intervalNanos the sample interval, or 0 for no scheduled sampling (tests)
   */
  public void start(Runnable lagProbe, Runnable sample, long intervalNanos) {
    lagThread = factory("lag").newThread(lagProbe);
    lagThread.setPriority(Thread.NORM_PRIORITY);
    lagThread.start();
    checks.forEach(HealthCheckRunner::start);
    if (intervalNanos > 0) {
      scheduler.scheduleWithFixedDelay(sample, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Stops every thread and waits, up to a second for each group, until they have ended. A check
   * or signal that ignores interruption is abandoned (its thread is a daemon) and logged.
   */
  public void close() {
    checks.forEach(HealthCheckRunner::stop);
    if (lagThread != null) {
      lagThread.interrupt();
    }
    scheduler.shutdownNow();
    pools.forEach(ExecutorService::shutdownNow);
    // Wait for the threads themselves, not only for the executors: an executor is terminated
    // a moment before its worker thread exits, and leak detectors (Tomcat's on undeploy)
    // look for live threads right after close() returns.
    try {
      for (DaemonThreadFactory threads : factories) {
        if (!threads.awaitThreads(System.nanoTime() + TimeUnit.SECONDS.toNanos(1))) {
          System.getLogger("dev.pressure").log(Level.WARNING,
              "pressure: a thread ignored interruption (a health check or a custom signal that does not"
                  + " return); its daemon thread is abandoned");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
