package dev.pressure.bench.overload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The load generator on Jetty's asynchronous {@code HttpClient} (a maintained client): one
 * thread keeps the schedule, calling {@code send} at each intended time (parking until just
 * before it, spinning the last 50 µs), and the client's own threads carry the I/O. The total
 * timeout of each request is what is left of {@code timeout} after its intended time. Outcomes
 * travel back through a queue and are recorded on the scheduling thread, as {@link Outcomes}
 * requires. Keep-alive connections, at most {@code maxConnections}; requests beyond wait in
 * the client's destination queue, still timed from their intended time. With
 * {@link #mark RequestMarks}, open-loop requests carry a criticality and/or their deadline and
 * intended send time in headers, and their outcomes are recorded with their class.
 *
 * <p>Not thread-safe: one run at a time. Allocates per request (Jetty's request and the
 * outcome record).
 */
final class JettyLoadClient implements LoadClient {

  private static final long SPIN_NANOS = 50_000L;

  private record Done(long intended, long end, int status, int tag) {}

  private final HttpClient client;
  private final URI uri;
  private final long timeoutNanos;
  private final SendLag lag = new SendLag();
  private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
  private final AtomicInteger outstanding = new AtomicInteger();
  private RequestMarks marks = RequestMarks.NONE;

  /**
   * @param address the server
   * @param path the request path
   * @param timeout how long a client waits, counted from the intended send time
   * @param maxConnections the most connections open at once
   */
  JettyLoadClient(InetSocketAddress address, String path, Duration timeout, int maxConnections) {
    this.uri = URI.create("http://" + address.getHostString() + ":" + address.getPort() + path);
    this.timeoutNanos = timeout.toNanos();
    QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, Runtime.getRuntime().availableProcessors() * 2));
    threads.setName("bench-client");
    threads.setDaemon(true);
    client = new HttpClient();
    client.setExecutor(threads);
    client.setMaxConnectionsPerDestination(maxConnections);
    client.setMaxRequestsQueuedPerDestination(1 << 20);
    client.setFollowRedirects(false);
    client.setUserAgentField(null);
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("jetty client did not start", e);
    }
  }

  @Override
  public LoadClient mark(RequestMarks requestMarks) {
    this.marks = requestMarks;
    return this;
  }

  @Override
  public void runOpenLoop(long startNanos, List<Phase> phases, Outcomes outcomes) throws IOException {
    lag.reset();
    long phaseStart = startNanos;
    long index = 0;
    for (Phase phase : phases) {
      long phaseEnd = phaseStart + phase.duration().toNanos();
      double interval = phase.intervalNanos();
      for (long k = 0; ; k++) {
        long intended = phaseStart + (long) (k * interval);
        if (intended >= phaseEnd) {
          break;
        }
        waitUntil(intended, outcomes);
        lag.record(System.nanoTime() - intended);
        send(intended, timeoutNanos, null, index++);
      }
      phaseStart = phaseEnd;
    }
    drain(outcomes);
  }

  @Override
  public void runClosedLoop(int concurrency, long endNanos, Outcomes outcomes) throws IOException {
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      if (System.nanoTime() < endNanos) {
        send(System.nanoTime(), Long.MAX_VALUE / 4, next[0], -1);
      }
    };
    for (int i = 0; i < concurrency; i++) {
      next[0].run();
    }
    drain(outcomes);
  }

  /**
   * Sends one request.
   *
   * @param index its position in the open-loop schedule, or -1 for a closed-loop request (never marked)
   */
  private void send(long intended, long timeout, Runnable then, long index) {
    outstanding.incrementAndGet();
    Request request = client.newRequest(uri);
    long left = timeout - (System.nanoTime() - intended);
    request.timeout(Math.max(1, left), TimeUnit.NANOSECONDS);
    int tag = index < 0 ? 0 : marks.tag(index);
    if (index >= 0 && !marks.plain()) {
      String level = tag == 0 ? null : RequestMarks.levelOf(tag).name();
      boolean deadlines = marks.deadlines();
      request.headers(h -> {
        if (level != null) {
          h.put(RequestMarks.CRITICALITY_HEADER, level);
        }
        if (deadlines) {
          h.put(RequestMarks.DEADLINE_HEADER, Long.toString(Math.max(0, left / 1_000_000L)));
          h.put(RequestMarks.INTENDED_HEADER, Long.toString(intended));
        }
      });
    }
    request.send((Result result) -> {
      long end = System.nanoTime();
      int status;
      if (result.isFailed()) {
        status = result.getFailure() instanceof TimeoutException ? Outcomes.TIMEOUT : Outcomes.IO_ERROR;
      } else {
        status = result.getResponse().getStatus();
      }
      done.add(new Done(intended, end, status, tag));
      if (then != null) {
        then.run(); // before the decrement, so drain() never sees a closed loop at zero
      }
      outstanding.decrementAndGet();
    });
  }

  /** Records finished requests while waiting for {@code deadline}. */
  private void waitUntil(long deadline, Outcomes outcomes) {
    while (true) {
      record(outcomes);
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      if (left > SPIN_NANOS) {
        LockSupport.parkNanos(left - SPIN_NANOS);
      } else {
        Thread.onSpinWait();
      }
    }
  }

  private void record(Outcomes outcomes) {
    for (Done d; (d = done.poll()) != null; ) {
      outcomes.record(d.intended(), d.end(), d.status(), d.tag());
    }
  }

  private void drain(Outcomes outcomes) throws IOException {
    try {
      while (outstanding.get() > 0 || !done.isEmpty()) {
        Done d = done.poll(100, TimeUnit.MILLISECONDS);
        if (d != null) {
          outcomes.record(d.intended(), d.end(), d.status(), d.tag());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while draining", e);
    }
  }

  @Override
  public SendLag sendLag() {
    return lag;
  }

  @Override
  public String name() {
    return "jetty";
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException("jetty client did not stop", e);
    }
  }
}
