package dev.pressure.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both load generators run the same schedule in one run and report how well they held it. */
class ClientScheduleCheckTest {

  @Test
  void bothClientsSendTheScheduleAndReportTheirLateness() throws Exception {
    List<ClientScheduleCheck.Result> results = ClientScheduleCheck.measure(400, Duration.ofMillis(500));

    assertThat(results).extracting(ClientScheduleCheck.Result::client).containsExactly("nio", "jetty");
    assertThat(results).allSatisfy(r -> {
      // 400/s for 0.5 s is 200 intended sends; every one has an outcome, nearly all 200 OK.
      assertThat(r.sent()).as(r.client()).isEqualTo(200);
      assertThat(r.ok()).as(r.client()).isPositive();
      assertThat(r.sendLagMaxMicros()).as(r.client()).isGreaterThanOrEqualTo(r.sendLagP99Micros());
      assertThat(r.latencyP99Micros()).as(r.client()).isPositive();
    });
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
