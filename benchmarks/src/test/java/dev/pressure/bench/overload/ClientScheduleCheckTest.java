package dev.pressure.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The load generator runs a schedule and reports how well it held it. */
class ClientScheduleCheckTest {

  @Test
  void theClientSendsTheScheduleAndReportsItsLateness() throws Exception {
    ClientScheduleCheck.Result r = ClientScheduleCheck.measure(400, Duration.ofMillis(500));

    assertThat(r.client()).isEqualTo("jetty");
    // 400/s for 0.5 s is 200 intended sends; every one has an outcome, nearly all 200 OK.
    assertThat(r.sent()).isEqualTo(200);
    assertThat(r.ok()).isPositive();
    assertThat(r.sendLagMaxMicros()).isGreaterThanOrEqualTo(r.sendLagP99Micros());
    assertThat(r.latencyP99Micros()).isPositive();
  }

  @Test
  void theJettyClientKeepsAClosedLoopAndRecordsEveryResponse() throws Exception {
    FixedCapacity fc = new FixedCapacity(Workload.THREAD_POOL, 8, Duration.ofMillis(2));
    try (BenchServer server = BenchServer.start(Protection.NONE, fc, 1.0);
        LoadClient client = new JettyLoadClient(server.address(), BenchServer.PATH, Duration.ofSeconds(5), 64)) {
      long[] ok = new long[1];
      client.runClosedLoop(4, System.nanoTime() + 300_000_000L, (i, e, status) -> {
        if (status == 200) {
          ok[0]++;
        }
      });
      assertThat(ok[0]).isPositive();
    }
  }
}
