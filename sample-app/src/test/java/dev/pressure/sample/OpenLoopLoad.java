package dev.pressure.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * An open-loop load generator for the soak test: requests leave on a fixed schedule whatever
 * the answers do (a slow server does not slow the sender down, as real users do not wait for
 * each other), each with a bounded timeout, and every outcome is classified. Asynchronous
 * HTTP/1.1 on loopback with a fixed client thread pool, so the client's own thread count is flat.
 */
final class OpenLoopLoad implements AutoCloseable {

  /** One path and the check a complete 2xx body must pass. */
  static final class Target {
    final String path;
    final Predicate<String> completeBody;

    Target(String path, Predicate<String> completeBody) {
      this.path = path;
      this.completeBody = completeBody;
    }
  }

  /** Counts of outcomes; a request is in exactly one of them once it ends. */
  static final class Outcomes {
    final LongAdder sent = new LongAdder();
    final LongAdder ok = new LongAdder();
    final LongAdder shedWithRetryAfter = new LongAdder();
    /** Anything else: another status, a 503 without Retry-After, an incomplete body, a reset, a timeout. */
    final Map<String, LongAdder> bad = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> badSamples = new ConcurrentLinkedQueue<>();

    long ended() {
      return ok.sum() + shedWithRetryAfter.sum() + bad.values().stream().mapToLong(LongAdder::sum).sum();
    }

    void bad(String kind, String detail) {
      bad.computeIfAbsent(kind, k -> new LongAdder()).increment();
      if (badSamples.size() < 20) {
        badSamples.add(kind + ": " + detail);
      }
    }

    @Override
    public String toString() {
      return "sent=" + sent + " ok=" + ok + " shed=" + shedWithRetryAfter + " bad=" + bad + " " + badSamples;
    }
  }

  private final ExecutorService clientThreads = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "soak-client");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .executor(clientThreads)
      .build();
  private final String base;
  private final Duration timeout;
  private final ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
  private final AtomicLong lag = new AtomicLong();

  OpenLoopLoad(int port, Duration timeout) {
    this.base = "http://127.0.0.1:" + port;
    this.timeout = timeout;
  }

  /**
   * Sends {@code perSecond} requests a second for {@code duration}, cycling through
   * {@code targets}, plus {@code burst} extra requests to {@code burstTarget} at once every
   * {@code burstEvery}. Returns when the last one has been sent (not answered).
   */
  void run(List<Target> targets, int perSecond, Duration duration, Target burstTarget, int burst,
      Duration burstEvery, Outcomes outcomes) {
    long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long nextBurst = start + burstEvery.toNanos();
    long i = 0;
    for (long intended = start; intended < end; intended = start + (++i) * period) {
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      } else {
        lag.accumulateAndGet(-wait, Math::max);
      }
      send(targets.get((int) (i % targets.size())), outcomes);
      if (intended >= nextBurst) {
        for (int b = 0; b < burst; b++) {
          send(burstTarget, outcomes);
        }
        nextBurst += burstEvery.toNanos();
      }
    }
  }

  /** Waits until every request sent so far has an outcome (each is bounded by the timeout). */
  void awaitAll() {
    for (CompletableFuture<?> f; (f = pending.poll()) != null; ) {
      f.join();
    }
  }

  /** @return how far behind its schedule the sender fell at worst, in nanoseconds */
  long worstSendLagNanos() {
    return lag.get();
  }

  private void send(Target target, Outcomes outcomes) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + target.path)).timeout(timeout).GET().build();
    outcomes.sent.increment();
    pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
      classify(target, response, error, outcomes);
      return null;
    }));
    // Keep the queue short during a long soak: drop what has already ended.
    if (outcomes.sent.sum() % 1000 == 0) {
      pending.removeIf(CompletableFuture::isDone);
    }
  }

  private static void classify(Target target, HttpResponse<String> response, Throwable error, Outcomes outcomes) {
    if (error != null) {
      Throwable cause = error.getCause() != null ? error.getCause() : error;
      outcomes.bad(cause.getClass().getSimpleName(), target.path + " " + cause.getMessage());
      return;
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      if (target.completeBody.test(response.body())) {
        outcomes.ok.increment();
      } else {
        outcomes.bad("incomplete body", target.path + " " + response.body());
      }
    } else if (status == 503) {
      boolean retryAfter = response.headers().firstValue("Retry-After").filter(v -> v.matches("[0-9]+")).isPresent();
      if (retryAfter && response.body().contains("\"code\":\"UNDER_PRESSURE\"")) {
        outcomes.shedWithRetryAfter.increment();
      } else {
        outcomes.bad("503 without Retry-After or body", target.path + " " + response.headers().map() + response.body());
      }
    } else {
      outcomes.bad("status " + status, target.path + " " + response.body());
    }
  }

  @Override
  public void close() {
    clientThreads.shutdownNow();
  }
}
