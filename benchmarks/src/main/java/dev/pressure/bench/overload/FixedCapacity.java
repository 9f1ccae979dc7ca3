package dev.pressure.bench.overload;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The endpoint's bottleneck: {@code concurrency} slots served in arrival order, each request
 * holding one for {@code serviceTime} (asleep for {@link Workload#RESOURCE}, burning CPU for
 * {@link Workload#CPU}). Requests that find every slot taken wait, which is the queue that
 * overload builds. For {@link Workload#THREAD_POOL} there are no slots here: the container's
 * pool of {@code concurrency} threads is the bottleneck.
 *
 * <p>Thread-safe.
 */
final class FixedCapacity {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static volatile long sink;

  private final Workload workload;
  private final int concurrency;
  private volatile long serviceNanos;
  private final Semaphore slots;

  /**
   * @param workload what a request does while it holds a slot
   * @param concurrency slots, {@code >= 1}
   * @param serviceTime how long a request holds its slot
   */
  FixedCapacity(Workload workload, int concurrency, Duration serviceTime) {
    this.workload = workload;
    this.concurrency = concurrency;
    this.serviceNanos = serviceTime.toNanos();
    this.slots = new Semaphore(concurrency, true);
  }

  /** @return what a request does */
  Workload workload() {
    return workload;
  }

  /** @return the number of slots */
  int concurrency() {
    return concurrency;
  }

  /** @return how long one request holds a slot, in nanoseconds */
  long serviceNanos() {
    return serviceNanos;
  }

  /**
   * Changes the service time from now on (requests already working keep theirs), for the
   * capacity-step scenario ({@link CapacityStep}).
   *
   * @param serviceTime how long a request holds its slot from now on, {@code > 0}
   */
  void serviceTime(Duration serviceTime) {
    if (serviceTime.isNegative() || serviceTime.isZero()) {
      throw new IllegalArgumentException("serviceTime: a duration > 0. Found: " + serviceTime);
    }
    serviceNanos = serviceTime.toNanos();
  }

  /** @return the theoretical capacity, requests per second, when nothing else competes */
  double nominalCapacity() {
    return concurrency * 1e9 / serviceNanos;
  }

  /**
   * Serves one request: waits for a slot, then works.
   *
   * @return when the work began ({@link System#nanoTime()}, after the slot was taken): the
   *     service time is from here to this method's return
   * @throws InterruptedException when the server stops meanwhile
   */
  long serve() throws InterruptedException {
    long serviceNanos = this.serviceNanos; // one read: a step mid-request does not split it
    if (workload == Workload.THREAD_POOL) {
      long began = System.nanoTime();
      Thread.sleep(serviceNanos / 1_000_000L, (int) (serviceNanos % 1_000_000L));
      return began;
    }
    slots.acquire();
    long began = System.nanoTime();
    try {
      if (workload == Workload.RESOURCE) {
        Thread.sleep(serviceNanos / 1_000_000L, (int) (serviceNanos % 1_000_000L));
      } else {
        burnCpu(serviceNanos);
      }
    } finally {
      slots.release();
    }
    return began;
  }

  /** Spins until this thread has used {@code nanos} of CPU time (wall time grows under contention). */
  private static void burnCpu(long nanos) {
    long end = THREADS.getCurrentThreadCpuTime() + nanos;
    long x = System.nanoTime();
    do {
      for (int i = 0; i < 20_000; i++) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
      }
    } while (THREADS.getCurrentThreadCpuTime() < end);
    sink = x;
  }
}
