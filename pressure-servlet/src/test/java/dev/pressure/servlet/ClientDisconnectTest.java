package dev.pressure.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import dev.pressure.servlet.support.Deployment;
import dev.pressure.servlet.support.Http;
import dev.pressure.servlet.support.JettyContainer;
import dev.pressure.servlet.support.ServletContainer;
import dev.pressure.servlet.support.TomcatContainer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients that reset the connection in the middle of a response, on Jetty and Tomcat: the
 * in-flight count returns to zero, every request is timed exactly once, nothing is counted as
 * shed, and the next request is served. Three ways a response can be cut: a synchronous
 * servlet whose write throws (and lets the IOException propagate), an asynchronous one whose
 * write throws on another thread (it completes in finally), and an asynchronous one the
 * application abandons after the client left (the container's async timeout ends it).
 *
 * <p>A servlet that throws and an async request that times out with the client still there
 * are in the contract suite ({@code ContainerContractTest}).
 */
class ClientDisconnectTest {

  private static final int CLIENTS = 5;
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final byte[] CHUNK = new byte[16 * 1024];

  /** How the response is produced. */
  enum Kind { SYNC_WRITE_THROWS, ASYNC_WRITE_THROWS, ASYNC_ABANDONED }

  private ServletContainer container;
  private Deployment deployment;
  private PressureMonitor monitor;
  private final AtomicInteger failedWrites = new AtomicInteger();

  static Stream<Arguments> cases() {
    return Stream.of("jetty", "tomcat").flatMap(c -> Stream.of(Kind.values()).map(k -> Arguments.of(c, k)));
  }

  @AfterEach
  void stop() throws Exception {
    if (deployment != null) {
      deployment.close();
    }
    if (container != null) {
      container.close();
    }
    if (monitor != null) {
      monitor.close();
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void aClientResetMidResponseLeavesCountsAndTheLatencyWindowRight(String containerName, Kind kind) throws Exception {
    container = containerName.equals("jetty") ? new JettyContainer() : new TomcatContainer();
    container.start();
    monitor = PressureMonitor.builder().build();
    UnderPressureFilter filter = UnderPressureFilter.builder(monitor).build();
    deployment = container.deploy((classes, ctx) -> {
      FilterRegistration.Dynamic f = ctx.addFilter("pressure", filter);
      f.setAsyncSupported(true);
      f.addMappingForUrlPatterns(null, false, "/*");
      ServletRegistration.Dynamic s = ctx.addServlet("stream", new StreamingServlet(kind, failedWrites));
      s.setAsyncSupported(true);
      s.addMapping("/stream");
      ctx.addServlet("hello", new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
          resp.getWriter().write("hello");
        }
      }).addMapping("/hello");
    });
    assertThat(deployment.failure()).isNull();

    for (int i = 0; i < CLIENTS; i++) {
      resetAfterFirstBodyBytes();
    }

    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(filter.inFlight()).as("in flight").isZero();
      assertThat(monitor.recordedLatencies()).as("timed requests").isEqualTo(CLIENTS);
    });
    if (kind != Kind.ASYNC_ABANDONED) {
      assertThat(failedWrites).as("the disconnect really cut the response").hasValue(CLIENTS);
    }
    assertThat(monitor.shedCounts().values()).allMatch(n -> n == 0);

    assertThat(new Http().get(deployment.uri("/hello")).body()).isEqualTo("hello");
    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(filter.inFlight()).isZero();
      assertThat(monitor.recordedLatencies()).isEqualTo(CLIENTS + 1);
    });
  }

  /** Sends a request, reads the start of the body, then closes with RST (SO_LINGER 0). */
  private void resetAfterFirstBodyBytes() throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + ServletContainer.CONTEXT_PATH + "/stream HTTP/1.1\r\nHost: localhost\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.setSoTimeout((int) PATIENCE.toMillis());
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      int total = 0;
      while (total < 2 * buffer.length) { // headers and some of the body
        int n = in.read(buffer);
        assertThat(n).as("the server answers before the client leaves").isPositive();
        total += n;
      }
      socket.setSoLinger(true, 0);
    }
  }

  /** Streams an endless body (bounded at 256 MiB) the way {@code kind} says. */
  static final class StreamingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_CHUNKS = 16 * 1024;
    private final Kind kind;
    private final transient AtomicInteger failedWrites;

    StreamingServlet(Kind kind, AtomicInteger failedWrites) {
      this.kind = kind;
      this.failedWrites = failedWrites;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/octet-stream");
      if (kind == Kind.SYNC_WRITE_THROWS) {
        try {
          stream(resp.getOutputStream());
        } catch (IOException e) {
          failedWrites.incrementAndGet();
          throw e; // propagates through the filter, as in most applications
        }
        return;
      }
      AsyncContext async = req.startAsync();
      if (kind == Kind.ASYNC_ABANDONED) {
        // First bytes out, then the application waits for something that never comes.
        async.setTimeout(300);
        ServletOutputStream out = resp.getOutputStream();
        out.write(CHUNK);
        out.write(CHUNK);
        out.flush();
        return;
      }
      async.setTimeout(30_000);
      async.start(() -> {
        try {
          stream(async.getResponse().getOutputStream());
        } catch (IOException | RuntimeException e) {
          // The write failed (IOException), or the container already ended the async cycle
          // because it saw the reset first (IllegalStateException on Tomcat).
          failedWrites.incrementAndGet();
        } finally {
          try {
            async.complete();
          } catch (IllegalStateException alreadyEnded) {
            // the container completed it after the error
          }
        }
      });
    }

    private static void stream(ServletOutputStream out) throws IOException {
      for (int i = 0; i < MAX_CHUNKS; i++) {
        out.write(CHUNK);
        out.flush();
      }
    }
  }
}
