package dev.pressure.admission.internal;

import dev.pressure.admission.AdmissionConfig;
import dev.pressure.admission.AdmissionGate;
import dev.pressure.admission.ConcurrencyLimit;
import dev.pressure.admission.Criticality;
import dev.pressure.admission.QueueOrder;
import dev.pressure.admission.RejectReason;
import dev.pressure.admission.Ticket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The {@link AdmissionGate}: an atomic permit count for the fast path and a lock-guarded
 * {@link WaitQueue} for the rest. A release that finds nobody waiting touches only atomics;
 * one that does takes the lock and hands the permit on. Waiters are called outside the lock.
 *
 * <p>Why no permit is ever lost between the two paths: an enqueue raises {@code queued} before
 * it looks for a free permit, and a release frees its permit before it looks at {@code queued};
 * both are volatile, so at least one of them sees the other.
 */
public final class DefaultAdmissionGate implements AdmissionGate {

  private final AdmissionConfig config;
  private final ConcurrencyLimit limit;
  private final LongSupplier clock;
  private final DoubleSupplier random;
  private final int maxQueued;
  private final long maxQueueNanos;
  private final boolean adaptiveLifo;
  private final long codelIntervalNanos;
  private final long codelTargetNanos;

  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile int queued;
  private final LongAdder completed = new LongAdder();
  private final LongAdder[] rejected;

  private final Object lock = new Object();
  private final WaitQueue queue;       // guarded by lock
  private final DrainRate drainRate;   // guarded by lock
  private final WaitWindow waits = new WaitWindow(); // guarded by lock

  /**
   * @param config settings with {@code maxConcurrentRequests > 0}
   * @param limit the permit count source
   * @param clock nanosecond clock
   * @param random jitter source, values in [0, 1)
   */
  public DefaultAdmissionGate(AdmissionConfig config, ConcurrencyLimit limit, LongSupplier clock,
      DoubleSupplier random) {
    if (config == null || !config.enabled()) {
      throw Checks.error("maxConcurrentRequests", "a whole number >= 1 or adaptive for a gate",
          config == null ? null : config.maxConcurrentRequests());
    }
    if (limit == null || clock == null || random == null) {
      throw Checks.error(limit == null ? "limit" : clock == null ? "clock" : "random", "not null", null);
    }
    this.config = config;
    this.limit = limit;
    this.clock = clock;
    this.random = random;
    this.maxQueued = config.maxQueuedRequests();
    this.maxQueueNanos = config.maxQueueTime().toNanos();
    this.adaptiveLifo = config.queueOrder() == QueueOrder.ADAPTIVE_LIFO;
    this.codelIntervalNanos = config.codelInterval().toNanos();
    this.codelTargetNanos = config.codelTarget().toNanos();
    this.rejected = new LongAdder[RejectReason.values().length * Criticality.values().length];
    for (int i = 0; i < rejected.length; i++) {
      rejected[i] = new LongAdder();
    }
    long now = clock.getAsLong();
    this.queue = new WaitQueue(now);
    this.drainRate = new DrainRate(now);
  }

  @Override
  public boolean tryAcquire() {
    // Waiting requests go first: an arrival never overtakes them.
    return queued == 0 && takePermit();
  }

  private boolean takePermit() {
    int max = limit.current();
    for (int n = inFlight.get(); n < max; n = inFlight.get()) {
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void release(long latencyNanos) {
    int before = inFlight.getAndDecrement();
    completed.increment();
    limit.onComplete(latencyNanos, before);
    if (queued != 0) {
      serve();
    }
  }

  @Override
  public void release(long endNanos, long latencyNanos) {
    int before = inFlight.getAndDecrement();
    completed.increment();
    limit.onComplete(endNanos, latencyNanos, before);
    if (queued != 0) {
      serve();
    }
  }

  @Override
  public Ticket enqueue(Criticality criticality, long deadlineNanos, dev.pressure.admission.Waiter waiter) {
    if (criticality == null || waiter == null) {
      throw Checks.error(criticality == null ? "criticality" : "waiter", "not null", null);
    }
    long now = clock.getAsLong();
    QueuedTicket t = new QueuedTicket(this, criticality, now, deadlineNanos, waiter);
    List<Runnable> outcomes = new ArrayList<>(2);
    synchronized (lock) {
      if (passed(t, now)) {
        reject(t, RejectReason.DEADLINE, now, outcomes);
      } else if (queue.size() == 0 && takePermit()) {
        grant(t, now, outcomes, false);
      } else if (maxQueued == 0) {
        reject(t, RejectReason.CONCURRENT_REQUESTS, now, outcomes);
      } else {
        expireLocked(now, outcomes);
        if (queue.size() >= maxQueued) {
          QueuedTicket displaced = queue.displaceBelow(criticality, serveNewest(now), now);
          if (displaced == null) {
            reject(t, RejectReason.CONCURRENT_REQUESTS, now, outcomes);
          } else {
            reject(displaced, RejectReason.CONCURRENT_REQUESTS, now, outcomes);
          }
        }
        if (t.isQueued()) {
          queue.add(t, now);
          queued = queue.size();
          serveLocked(now, outcomes); // a permit may have been freed meanwhile
        }
      }
      queued = queue.size();
    }
    run(outcomes);
    return t;
  }

  /** Hands free permits to the best waiting requests. */
  private void serve() {
    List<Runnable> outcomes = new ArrayList<>(2);
    synchronized (lock) {
      long now = clock.getAsLong();
      expireLocked(now, outcomes);
      serveLocked(now, outcomes);
      queued = queue.size();
    }
    run(outcomes);
  }

  private void serveLocked(long now, List<Runnable> outcomes) {
    while (queue.size() > 0 && takePermit()) {
      QueuedTicket next = queue.pollBest(serveNewest(now), now);
      grant(next, now, outcomes, true);
    }
  }

  /** CoDel's "while backlogged the newest goes first", only in adaptive LIFO. */
  private boolean serveNewest(long now) {
    return adaptiveLifo && queue.standing(now, codelIntervalNanos);
  }

  private void expireLocked(long now, List<Runnable> outcomes) {
    if (queue.size() == 0) {
      return;
    }
    long maxWait = adaptiveLifo && queue.standing(now, codelIntervalNanos) ? codelTargetNanos : maxQueueNanos;
    queue.removeIf(t -> passed(t, now) || now - t.enqueuedNanos > maxWait,
        t -> reject(t, passed(t, now) ? RejectReason.DEADLINE : RejectReason.QUEUE_TIME, now, outcomes), now);
  }

  private static boolean passed(QueuedTicket t, long now) {
    return t.deadlineNanos != NO_DEADLINE && now - t.deadlineNanos >= 0;
  }

  private void grant(QueuedTicket t, long now, List<Runnable> outcomes, boolean waited) {
    t.markGranted(now);
    if (waited) {
      waits.record(t.waitedNanos(), now);
    }
    outcomes.add(() -> t.waiter.granted(t));
  }

  private void reject(QueuedTicket t, RejectReason reason, long now, List<Runnable> outcomes) {
    t.markRejected(reason, now);
    count(reason, t.criticality);
    outcomes.add(() -> t.waiter.rejected(t, reason));
  }

  /** A ticket's owner withdraws it; with a reason it counts as refused. */
  boolean withdraw(QueuedTicket t, RejectReason reason) {
    synchronized (lock) {
      long now = clock.getAsLong();
      if (!t.isQueued() || !queue.remove(t, now)) {
        return false;
      }
      if (reason == null) {
        t.markCancelled(now);
      } else {
        t.markRejected(reason, now);
        count(reason, t.criticality);
      }
      queued = queue.size();
      return true;
    }
  }

  private static void run(List<Runnable> outcomes) {
    RuntimeException first = null;
    for (Runnable r : outcomes) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // One waiter's failure must not cost the others their answer.
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void count(RejectReason reason, Criticality c) {
    // Not a drop for the limit: a refusal says arrivals exceed the limit, nothing about the
    // service. Fed back as drops, the refusals of sustained overload (every window has some)
    // would cut the limit window after window down to its minimum.
    rejected[reason.ordinal() * Criticality.values().length + c.ordinal()].increment();
  }

  @Override
  public void recordRejection(RejectReason reason, Criticality criticality) {
    if (reason == null || criticality == null) {
      throw Checks.error(reason == null ? "reason" : "criticality", "not null", null);
    }
    count(reason, criticality);
  }

  @Override
  public void expire() {
    if (queued == 0) {
      return;
    }
    serve();
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public int queued() {
    return queued;
  }

  @Override
  public int limit() {
    return limit.current();
  }

  @Override
  public double saturation() {
    return (inFlight.get() + (double) queued) / limit.current();
  }

  @Override
  public AdmissionConfig config() {
    return config;
  }

  @Override
  public long nanoTime() {
    return clock.getAsLong();
  }

  @Override
  public long rejected(RejectReason reason, Criticality criticality) {
    return rejected[reason.ordinal() * Criticality.values().length + criticality.ordinal()].sum();
  }

  @Override
  public long retryAfterSeconds(long maxSeconds) {
    if (maxSeconds < MIN_RETRY_AFTER_SECONDS) {
      throw Checks.error("retryAfterMax", "at least 1s", maxSeconds);
    }
    double rate;
    long now = clock.getAsLong();
    synchronized (lock) {
      rate = drainRate.perSecond(now, completed.sum());
    }
    if (!(rate > 0)) {
      return maxSeconds;
    }
    // A request arriving now is served once the queue ahead of it and itself have drained.
    double seconds = (queued + 1) / rate;
    double jittered = seconds * (1 - RETRY_AFTER_JITTER + 2 * RETRY_AFTER_JITTER * random.getAsDouble());
    long whole = (long) Math.ceil(Math.min(jittered, (double) maxSeconds));
    return Math.max(MIN_RETRY_AFTER_SECONDS, Math.min(maxSeconds, whole));
  }

  @Override
  public double queueWaitSeconds(double quantile) {
    if (!(quantile > 0 && quantile <= 1)) {
      throw Checks.error("quantile", "a number in (0, 1]", quantile);
    }
    long now = clock.getAsLong();
    synchronized (lock) {
      return waits.quantile(quantile, now) / 1e9;
    }
  }

  @Override
  public String toString() {
    return "AdmissionGate{limit=" + limit + ", inFlight=" + inFlight() + ", queued=" + queued + ", " + config + '}';
  }
}
