package dev.pressure.bench.jmh;

import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import dev.pressure.PressureMonitor;
import dev.pressure.admission.AdmissionConfig;
import dev.pressure.bench.peers.ConcurrencyLimitsFilter;
import dev.pressure.servlet.UnderPressureFilter;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a filter adds to one request: a chain whose servlet does nothing, called with no
 * filter ({@code bareChain}, the baseline), through pressure's {@code UnderPressureFilter}
 * with checks enabled and no pressure, the same with the admission gate on and a permit free
 * ({@code admissionFilter}), and through Netflix concurrency-limits
 * ({@code SimpleLimiter} with {@code Gradient2Limit}) in a jakarta adapter written like its
 * servlet module's filter. Request and response are container-free stubs that allocate
 * nothing, so {@code -prof gc}'s {@code gc.alloc.rate.norm} is the filter's own allocation.
 *
 * <p>Results, measured on the quiet machine of {@code docs/benchmarks.md} on 2026-12-01 (2 vCPUs,
 * Intel Xeon, JDK 17.0.15, load average about 1; one {@code System.nanoTime()} costs 40 to 46 ns
 * there), 1 fork, 3 x 1 s warm-up, 10 x 500 ms measurement, {@code -prof gc}; median of the
 * iterations:
 * <pre>
 * Benchmark                        threads  median ns/op  over bareChain   B/op
 * bareChain                              1           1.7              -      0
 * underPressureFilter                    1         202.4         +200.7      0
 * admissionFilter                        1         217.7         +216.0      0
 * concurrencyLimitsFilter                1         189.5         +187.8     96
 * bareChain                              2           1.3              -      0
 * underPressureFilter                    2         216.9         +215.7      0
 * admissionFilter                        2         414.1         +412.9      0
 * concurrencyLimitsFilter                2        1171.9        +1170.7    102
 * </pre>
 *
 * <p>Command: {@code for t in 1 2; do java -jar benchmarks/target/benchmarks.jar
 * FilterOverheadBenchmark -t $t -f 1 -wi 3 -w 1s -i 10 -r 500ms -prof gc; done},
 * or {@code java -cp benchmarks/target/benchmarks.jar dev.pressure.bench.jmh.JmhReport} for the
 * tables of {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterOverheadBenchmark {

  private final AtomicInteger waiting = new AtomicInteger();
  private PressureMonitor monitor;
  private StubChain bare;
  private StubChain underPressure;
  private StubChain admission;
  private StubChain concurrencyLimits;

  /** Builds the chains once per trial. */
  @Setup
  public void setUp() {
    bare = new StubChain(null);
    // Every kind of check on, none near its limit: the sampled verdict, a live queue signal,
    // the path exclusion and the latency recording all run on each request.
    monitor = PressureMonitor.builder()
        .maxEventLoopDelay(Duration.ofSeconds(1))
        .maxHeapUsedBytes(Runtime.getRuntime().maxMemory())
        .maxLatency(Duration.ofSeconds(10))
        .liveSignal("queue_ratio", () -> waiting.get() / 4.0)
        .maxSignal("queue_ratio", 1)
        .build();
    underPressure = new StubChain(UnderPressureFilter.builder(monitor)
        .excludePaths("/health/*", "/metrics")
        .build());
    // The same filter with the admission gate on and a permit always free: the fast path's CAS
    // acquire and release on top of everything above.
    admission = new StubChain(UnderPressureFilter.builder(monitor)
        .excludePaths("/health/*", "/metrics")
        .admission(AdmissionConfig.builder().maxConcurrentRequests(1_000).maxQueuedRequests(100).build())
        .build());
    SimpleLimiter<jakarta.servlet.http.HttpServletRequest> limiter = SimpleLimiter.newBuilder()
        .limit(Gradient2Limit.newBuilder().build())
        .build();
    concurrencyLimits = new StubChain(new ConcurrencyLimitsFilter(limiter));
  }

  /** Stops what the setup started. */
  @TearDown
  public void tearDown() {
    monitor.close();
  }

  /** One request and response per thread: a container reuses them the same way. */
  @State(Scope.Thread)
  public static class Exchange {
    final StubRequest request = new StubRequest("/work");
    final StubResponse response = new StubResponse();
  }

  /**
   * The baseline: the servlet with no filter.
   *
   * @param exchange per-thread request and response
   * @return the response status, so the call is not eliminated
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public int bareChain(Exchange exchange) throws IOException, ServletException {
    bare.doFilter(exchange.request, exchange.response);
    return exchange.response.getStatus();
  }

  /**
   * Through pressure's filter: checks on, not under pressure, latency recorded.
   *
   * @param exchange per-thread request and response
   * @return the response status, so the call is not eliminated
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public int underPressureFilter(Exchange exchange) throws IOException, ServletException {
    underPressure.doFilter(exchange.request, exchange.response);
    return exchange.response.getStatus();
  }

  /**
   * Through pressure's filter with the admission gate on (a permit always free).
   *
   * @param exchange per-thread request and response
   * @return the response status, so the call is not eliminated
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public int admissionFilter(Exchange exchange) throws IOException, ServletException {
    admission.doFilter(exchange.request, exchange.response);
    return exchange.response.getStatus();
  }

  /**
   * Through concurrency-limits' SimpleLimiter with Gradient2Limit (never at its limit here).
   *
   * @param exchange per-thread request and response
   * @return the response status, so the call is not eliminated
   * @throws IOException never
   * @throws ServletException never
   */
  @Benchmark
  public int concurrencyLimitsFilter(Exchange exchange) throws IOException, ServletException {
    concurrencyLimits.doFilter(exchange.request, exchange.response);
    return exchange.response.getStatus();
  }
}
