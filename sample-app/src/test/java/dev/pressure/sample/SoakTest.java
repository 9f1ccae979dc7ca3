package dev.pressure.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample under an open-loop load for a fixed time: /expensive-op at its capacity
 * (CONCURRENCY / EXPENSIVE_OP_MS) plus bursts well over it every two seconds, with /slow and
 * liveness and metrics mixed in (readiness and status answer 429 and 503 by design under load,
 * so they are left out). Every request must end in a complete 2xx or a 503 with
 * {@code Retry-After} and the JSON body: none reset, none lost, none left hanging (each has a
 * bounded timeout, so a hang shows as a timeout). Both outcomes must occur, so the shedding
 * path is really exercised. Afterwards nothing is in flight, and the heap after a full GC and
 * the thread count are about where they were after the warm-up (generous ratio bounds: the
 * short CI run catches gross leaks; run it longer to catch slow ones).
 *
 * <p>CI runs it for 10 s. Longer: {@code mvn -pl sample-app test -Dtest=SoakTest
 * -Dpressure.soak.seconds=600} (see {@code docs/operations.md}).
 */
class SoakTest {

  static final String SECONDS_PROPERTY = "pressure.soak.seconds";
  private static final int CONCURRENCY = 4;
  private static final int TASK_MS = 40;
  /** /expensive-op capacity: CONCURRENCY tasks of TASK_MS each at a time. */
  private static final int CAPACITY_PER_SECOND = CONCURRENCY * 1000 / TASK_MS;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void everyRequestEndsInACompleteAnswerOrA503WithRetryAfterAndNothingLeaks() throws Exception {
    Duration soak = Duration.ofSeconds(Long.getLong(SECONDS_PROPERTY, 10));
    Map<String, String> env = Map.of(
        "PORT", "0",
        "HOST", "127.0.0.1",
        "CONCURRENCY", Integer.toString(CONCURRENCY),
        "EXPENSIVE_OP_MS", Integer.toString(TASK_MS),
        "REQUEST_DURATION_MS", "20",
        "SAMPLE_INTERVAL_MS", "100",
        "RETRY_AFTER_SECONDS", "7",
        "LATENCY_MAX_AGE_SECONDS", "10");
    OpenLoopLoad.Target expensive = new OpenLoopLoad.Target("/expensive-op", b -> b.matches("\\{\"durationMs\": ?\\d+\\}"));
    List<OpenLoopLoad.Target> mix = List.of(expensive,
        new OpenLoopLoad.Target("/slow", "hello world"::equals),
        expensive,
        new OpenLoopLoad.Target("/liveness", "OK"::equals),
        expensive,
        new OpenLoopLoad.Target("/metrics", b -> b.contains("http_requests_in_flight") && b.endsWith("\n")));
    // Three in six requests go to /expensive-op: send twice its capacity for it to run at capacity.
    int perSecond = 2 * CAPACITY_PER_SECOND;
    // A burst puts 3 x CONCURRENCY x SHED_MULTIPLIER requests on a queue that holds 4 x CONCURRENCY.
    int burst = 3 * CONCURRENCY * 4;

    try (SampleApp app = SampleApp.start(SampleConfig.fromEnvironment(env));
        OpenLoopLoad load = new OpenLoopLoad(app.port(), TIMEOUT)) {
      OpenLoopLoad.Outcomes warmUp = new OpenLoopLoad.Outcomes();
      load.run(mix, perSecond, Duration.ofSeconds(3), expensive, burst, Duration.ofSeconds(1), warmUp);
      load.awaitAll();
      awaitIdle(app);
      long heapBefore = heapAfterGc();
      int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

      OpenLoopLoad.Outcomes outcomes = new OpenLoopLoad.Outcomes();
      load.run(mix, perSecond, soak, expensive, burst, Duration.ofSeconds(2), outcomes);
      load.awaitAll();

      assertThat(outcomes.ended()).as("every request ended: %s", outcomes).isEqualTo(outcomes.sent.sum());
      assertThat(outcomes.bad).as("resets, timeouts, other statuses, incomplete bodies: %s", outcomes).isEmpty();
      assertThat(outcomes.ok.sum()).as("served: %s", outcomes).isPositive();
      assertThat(outcomes.shedWithRetryAfter.sum()).as("shed during bursts: %s", outcomes).isPositive();
      assertThat(outcomes.sent.sum()).as("the schedule was kept").isGreaterThanOrEqualTo(perSecond * soak.getSeconds());

      awaitIdle(app);
      long heapAfter = heapAfterGc();
      int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
      // Kept in target/surefire-reports/dev.pressure.sample.SoakTest-output.txt for the record.
      System.out.printf("soak %ds: %s; heap after GC %d -> %d bytes; threads %d -> %d; worst send lag %d ms%n",
          soak.getSeconds(), outcomes, heapBefore, heapAfter, threadsBefore, threadsAfter,
          load.worstSendLagNanos() / 1_000_000);
      assertThat(heapAfter).as("heap after GC: %d before, %d after %s", heapBefore, heapAfter, outcomes)
          .isLessThanOrEqualTo(2 * heapBefore);
      assertThat(threadsAfter).as("threads: %d before, %d after", threadsBefore, threadsAfter)
          .isLessThanOrEqualTo(threadsBefore + Math.max(10, threadsBefore / 4));
    }
  }

  private static void awaitIdle(SampleApp app) {
    await().atMost(Duration.ofSeconds(30)).until(() -> app.inFlight() == 0 && app.queueWaiting() == 0);
  }

  /** Heap in use right after a full collection: the smallest of three, to skip a late allocation. */
  private static long heapAfterGc() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
