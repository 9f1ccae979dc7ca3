package dev.pressure.admission.internal;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * A discrete-event server behind a concurrency gate, on a fake clock: open-loop arrivals at
 * a fixed rate, {@code workers} requests in service at once (each for the service time, +-
 * {@code jitter}), the rest waiting FIFO (the application's own queue: a pool, a lock). A
 * request is admitted while in-flight is below the limit, else refused. Each completion is
 * reported to the limit with its latency from admission and the in-flight count.
 */
final class SimulatedServer {

  final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private final Random random = new Random(42);
  private final PriorityQueue<long[]> completions = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
  private final ArrayDeque<Long> waiting = new ArrayDeque<>();
  private GradientLimit limit;
  private IntSupplier gate;

  int workers;
  long serviceNanos;
  double jitter = 0.2;
  double arrivalsPerSecond;
  private long nextArrival;
  private int inFlight;
  private int busy;
  long served;
  long refused;
  int peakInFlight;

  SimulatedServer(int workers, long serviceNanos, double arrivalsPerSecond) {
    this.workers = workers;
    this.serviceNanos = serviceNanos;
    this.arrivalsPerSecond = arrivalsPerSecond;
    this.nextArrival = clock.get();
  }

  void attach(GradientLimit l) {
    this.limit = l;
    this.gate = l::current;
  }

  long now() {
    return clock.get();
  }

  /** Requests per second the workers can serve at the current service time. */
  double capacity() {
    return workers * 1e9 / serviceNanos;
  }

  void setWorkers(int w) {
    workers = w;
    startWaiting(now());
  }

  /** Runs events until {@code untilNanos}, calling {@code each} after every event. */
  void runUntil(long untilNanos, Runnable each) {
    while (true) {
      long[] next = completions.peek();
      long t = next != null && next[0] <= nextArrival ? next[0] : nextArrival;
      if (t > untilNanos) {
        clock.set(untilNanos);
        return;
      }
      clock.set(t);
      if (next != null && next[0] == t) {
        completions.poll();
        limit.onSample(t, t - next[1], inFlight, false);
        inFlight--;
        busy--;
        served++;
        startWaiting(t);
      } else {
        arrive(t);
        nextArrival = t + (long) (1e9 / arrivalsPerSecond);
      }
      each.run();
    }
  }

  private void arrive(long t) {
    if (inFlight >= gate.getAsInt()) {
      refused++;
      return;
    }
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    waiting.add(t);
    startWaiting(t);
  }

  private void startWaiting(long t) {
    while (busy < workers && !waiting.isEmpty()) {
      busy++;
      long service = (long) (serviceNanos * (1 + jitter * (2 * random.nextDouble() - 1)));
      completions.add(new long[] {t + service, waiting.poll()});
    }
  }

  int inFlight() {
    return inFlight;
  }
}
