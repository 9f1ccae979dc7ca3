package dev.pressure.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pressure.PressureMonitor;
import dev.pressure.servlet.internal.ShedResponse;
import dev.pressure.servlet.support.Stubs;
import jakarta.servlet.FilterChain;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The filter's request path and builder, without a container. */
class UnderPressureFilterTest {

  private final PressureMonitor monitor = PressureMonitor.builder().build();

  @AfterEach
  void close() {
    monitor.close();
  }

  @Test
  void requestPathAllocatesNothingWhenNotUnderPressure() throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    UnderPressureFilter filter = UnderPressureFilter.builder(monitor).excludePaths("/status", "/health/*").build();
    Stubs.Request timed = new Stubs.Request("/api", "/orders");
    Stubs.Request excluded = new Stubs.Request("", "/health/ready");
    Stubs.Response response = new Stubs.Response(false);
    FilterChain chain = (req, res) -> { };
    int calls = 200_000;
    for (int i = 0; i < calls; i++) { // warm up: class loading, first-use allocations
      filter.doFilter(timed, response, chain);
      filter.doFilter(excluded, response, chain);
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < calls; i++) {
      filter.doFilter(timed, response, chain);
      filter.doFilter(excluded, response, chain);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    // Even one 16-byte object per request would be 6.4 MB; allow a little for the measurement itself.
    assertThat(allocated).as("bytes allocated by %s requests", 2 * calls).isLessThan(4096);
    assertThat(monitor.recordedLatencies()).isEqualTo(2L * calls);
    assertThat(filter.inFlight()).isZero();
  }

  @Test
  void chainThrowingAnErrorStillReleasesTheCount() {
    UnderPressureFilter filter = UnderPressureFilter.builder(monitor).build();
    FilterChain chain = (req, res) -> {
      throw new StackOverflowError("deep");
    };
    assertThatThrownBy(() -> filter.doFilter(new Stubs.Request("/a", null), new Stubs.Response(false), chain))
        .isInstanceOf(StackOverflowError.class);
    assertThat(filter.inFlight()).isZero();
    assertThat(monitor.recordedLatencies()).isEqualTo(1);
  }

  @Test
  void shedAnswerIsNeverWrittenToACommittedResponse() throws Exception {
    ShedResponse shed = new ShedResponse(10, "Service Unavailable");
    Stubs.Response committed = new Stubs.Response(true);
    assertThat(shed.write(committed, "heapUsedBytes", false)).isFalse();
    assertThat(committed.status).isEqualTo(200);
    assertThat(committed.headers).isEmpty();
    assertThat(committed.body.size()).isZero();

    Stubs.Response fresh = new Stubs.Response(false);
    assertThat(shed.write(fresh, "heapUsedBytes", false)).isTrue();
    assertThat(fresh.status).isEqualTo(503);
    assertThat(fresh.headers).containsEntry("Retry-After", "10").containsEntry("Cache-Control", "no-store")
        .containsEntry("Content-Type", "application/json").doesNotContainKey("Connection");
    assertThat(fresh.body.toString(StandardCharsets.UTF_8)).isEqualTo("{\"code\":\"UNDER_PRESSURE\","
        + "\"error\":\"Service Unavailable\",\"message\":\"Service Unavailable\",\"statusCode\":503,"
        + "\"type\":\"heapUsedBytes\"}");
    assertThat(fresh.headers.get("Content-Length")).isEqualTo(Integer.toString(fresh.body.size()));
  }

  @Test
  void builderValidatesEverySetting() {
    UnderPressureFilter.Builder b = UnderPressureFilter.builder(monitor);
    assertThatThrownBy(() -> b.tier("shed")).hasMessage("tier: one of [default]. Found: \"shed\"");
    assertThatThrownBy(() -> b.retryAfter(Duration.ofMillis(1500))).hasMessageStartingWith("retryAfter: ");
    assertThatThrownBy(() -> b.retryAfter(Duration.ofSeconds(-1))).hasMessageStartingWith("retryAfter: ");
    assertThatThrownBy(() -> b.message("two\nlines")).hasMessageStartingWith("message: ");
    assertThatThrownBy(() -> b.excludePaths("health")).hasMessageStartingWith("excludePaths: ");
    assertThatThrownBy(() -> b.pressureHandler(null)).hasMessageStartingWith("pressureHandler: ");
    assertThatThrownBy(() -> UnderPressureFilter.builder(null)).hasMessageStartingWith("monitor: ");
    assertThat(b.retryAfter(Duration.ZERO).build()).isNotNull();
  }

  @Test
  void endpointConstructorsValidateToo() {
    assertThatThrownBy(() -> new ReadinessServlet(monitor, "default", 200))
        .hasMessage("status: a whole number in [400, 599]. Found: 200");
    assertThatThrownBy(() -> new StatusServlet(monitor, "nope")).hasMessageStartingWith("tier: ");
  }
}
