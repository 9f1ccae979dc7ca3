package dev.pressure.servlet.arrival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import dev.pressure.servlet.UnderPressureFilter;
import dev.pressure.servlet.internal.ArrivalClock;
import dev.pressure.servlet.internal.ArrivalClocks;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The container clock on a real container: how much of a request's life before the filter
 * the recorded latency covers. Each delay is made by the test and measured by it; assertions
 * compare the recorded latency with that measured delay, never with a fixed number.
 */
abstract class ArrivalClockContractTest {

  private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

  private final ArrivalServer server = newServer();
  private PressureMonitor monitor;
  private final Work work = new Work();

  abstract ArrivalServer newServer();

  /** Whether this container stamps a request before a worker thread picks it up. */
  abstract boolean stampsBeforeThePool();

  /** Records, per request id, the time from the container's arrival stamp to the servlet. */
  static final class Work extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final Map<String, Long> waited = new ConcurrentHashMap<>();
    final Map<String, String> clock = new ConcurrentHashMap<>();
    volatile CountDownLatch release = new CountDownLatch(1);
    volatile CountDownLatch blocked = new CountDownLatch(1);
    transient PressureMonitor monitor;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      long entry = System.nanoTime();
      ArrivalClock c = ArrivalClocks.select(getServletContext(), monitor);
      String id = req.getHeader("X-Id");
      waited.put(id, entry - c.startNanos(req));
      clock.put(id, c.name());
      if (req.getHeader("X-Block") != null) {
        blocked.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      resp.getWriter().write("ok");
    }
  }

  @BeforeEach
  void start() throws Exception {
    monitor = PressureMonitor.builder().build();
    work.monitor = monitor;
    server.start(UnderPressureFilter.builder(monitor).build(), work, 1);
  }

  @AfterEach
  void stop() throws Exception {
    work.release.countDown();
    server.close();
    monitor.close();
  }

  /** The recorded durations' sum: with one request recorded, that request's duration, exact. */
  private long recordedNanos() {
    return monitor.recordedLatencyNanos();
  }

  @Test
  void headersSentSlowlyAreTimedFromTheFirstByte() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write("GET /work HTTP/1.1\r\nHost: localhost\r\nX-Id: slow\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long t0 = System.nanoTime();
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(PAUSE_NANOS)); // the stimulus, not a wait for state
      long pause = System.nanoTime() - t0;
      out.write("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 200");
      assertThat(work.clock.get("slow")).isEqualTo(server.expectedClock());
      // The container stamps the request when it first reads its bytes, a little after our
      // write (the server's read latency, not measurable from here, hence half the pause);
      // the filter's own clock would have started after the whole pause.
      long waited = work.waited.get("slow");
      System.out.printf("%s: headers held %.1f ms; the arrival stamp is %.1f ms before the servlet%n",
          server.expectedClock(), pause / 1e6, waited / 1e6);
      assertThat(waited).isGreaterThanOrEqualTo(pause / 2);
      assertThat(waited).isLessThanOrEqualTo(System.nanoTime() - t0);
      // The filter timed the request from that stamp too (the sum is exact: no histogram error).
      await().atMost(Duration.ofSeconds(5)).until(() -> monitor.recordedLatencies() == 1);
      assertThat(recordedNanos()).isGreaterThanOrEqualTo(waited);
    }
  }

  @Test
  void aRequestQueuedForTheOnlyWorker() throws Exception {
    try (Socket a = new Socket("127.0.0.1", server.port()); Socket b = new Socket("127.0.0.1", server.port())) {
      send(a, "blocker", true);
      assertThat(work.blocked.await(5, TimeUnit.SECONDS)).isTrue();
      send(b, "queued", false);
      await().atMost(Duration.ofSeconds(5)).until(() -> server.queuedTasks() >= 1);
      long t0 = System.nanoTime();
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(PAUSE_NANOS)); // the stimulus
      long queued = System.nanoTime() - t0;
      work.release.countDown();
      assertThat(readAll(a.getInputStream())).startsWith("HTTP/1.1 200");
      assertThat(readAll(b.getInputStream())).startsWith("HTTP/1.1 200");
      long before = work.waited.get("queued");
      System.out.printf("%s: queued %.1f ms in the pool; the arrival stamp is %.1f ms before the servlet%n",
          server.expectedClock(), queued / 1e6, before / 1e6);
      if (stampsBeforeThePool()) {
        assertThat(before).isGreaterThanOrEqualTo(queued);
      } else {
        // The stamp is taken when a worker starts reading the request: the pool queue is
        // invisible to it (documented in docs/admission-adaptive.md).
        assertThat(before).isLessThan(queued);
      }
    }
  }

  private static void send(Socket s, String id, boolean block) throws IOException {
    String req = "GET /work HTTP/1.1\r\nHost: localhost\r\nX-Id: " + id + "\r\n"
        + (block ? "X-Block: 1\r\n" : "") + "Connection: close\r\n\r\n";
    s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }
}
