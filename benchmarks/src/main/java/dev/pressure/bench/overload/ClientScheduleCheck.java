package dev.pressure.bench.overload;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Does the load generator hold an open-loop schedule here? Jetty's asynchronous client
 * ({@link JettyLoadClient}) against an unloaded server (the {@code thread-pool} workload, 1 ms of
 * service on 64 threads, far above the offered rate): how late each request was sent against its
 * intended time, and the latency measured from that time. A client that holds the schedule sends
 * within a fraction of the service time; one that does not shows its own backlog as server latency.
 *
 * <p>Why there is no hand-written client any more: until issue 17 the harness also had a
 * single-threaded NIO client with its own HTTP/1.1 parser (565 lines). Both ran this check in
 * one run on the quiet 2-core machine of {@code docs/benchmarks.md} (2026-12-01, load average
 * 1.0, 2,000/s for 5 s, 10,000 requests each, all answered):
 * <pre>
 * client  send lag p99  send lag max  latency p99 (from the intended time)
 * nio          3.3 ms       10.7 ms        13.4 ms
 * jetty        8.0 ms       15.7 ms        12.9 ms
 * </pre>
 * The maintained client's sends are later at the tail (its scheduling thread shares the cores
 * with Jetty's own threads and the server), but the latency it measures is the same: the
 * lateness is the machine's, not a backlog of the client. So the maintained one stays, alone.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.pressure.bench.overload.ClientScheduleCheck
 * [ratePerSecond] [seconds]}.
 */
public final class ClientScheduleCheck {

  /**
   * One client's result.
   *
   * @param client its name
   * @param sent requests sent
   * @param ok responses 200
   * @param sendLagP99Micros 99th percentile lateness of the sends
   * @param sendLagMaxMicros largest lateness
   * @param latencyP99Micros 99th percentile latency from the intended time
   */
  record Result(String client, long sent, long ok, double sendLagP99Micros, double sendLagMaxMicros,
      double latencyP99Micros) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-5s sent %6d, ok %6d, send lag p99 %8.0f us max %8.0f us, latency p99 %8.0f us",
          client, sent, ok, sendLagP99Micros, sendLagMaxMicros, latencyP99Micros);
    }
  }

  private ClientScheduleCheck() {
  }

  /**
   * Measures the client against a fresh server.
   *
   * @param ratePerSecond the schedule's rate
   * @param duration how long it sends
   * @return the result
   * @throws Exception when the server or the client fails
   */
  static Result measure(double ratePerSecond, Duration duration) throws Exception {
    HarnessOptions o = HarnessOptions.quick();
    FixedCapacity fc = new FixedCapacity(Workload.THREAD_POOL, 64, Duration.ofMillis(1));
    try (BenchServer server = BenchServer.start(Protection.NONE, fc, 1.0);
        LoadClient client = o.newClient(server.address(), BenchServer.PATH, Duration.ofSeconds(5))) {
      // A short warm-up of both ends, then the measured run.
      client.runOpenLoop(System.nanoTime() + 10_000_000L, List.of(new Phase("warmup", ratePerSecond,
          Duration.ofMillis(300))), (i, e, s) -> { });
      Histogram latency = new Histogram(1, 60_000_000L, 2);
      long[] counts = new long[2];
      client.runOpenLoop(System.nanoTime() + 10_000_000L, List.of(new Phase("check", ratePerSecond, duration)),
          (intended, end, status) -> {
            counts[0]++;
            if (status == 200) {
              counts[1]++;
              latency.recordValue(Math.max(1, Math.min(60_000_000L, (end - intended) / 1000)));
            }
          });
      SendLag lag = client.sendLag();
      return new Result(client.name(), counts[0], counts[1], lag.p99Micros(), lag.maxMicros(),
          latency.getValueAtPercentile(99));
    }
  }

  /**
   * Prints the result.
   *
   * @param args optional rate per second (default 2000) and seconds (default 5)
   * @throws Exception when a server or client fails
   */
  public static void main(String[] args) throws Exception {
    double rate = args.length > 0 ? Double.parseDouble(args[0]) : 2000;
    Duration d = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
    System.out.printf(Locale.ROOT, "open-loop schedule check: %.0f/s for %s, load average %s%n", rate, d,
        Environment.loadAverageNow());
    System.out.println(measure(rate, d));
  }
}
