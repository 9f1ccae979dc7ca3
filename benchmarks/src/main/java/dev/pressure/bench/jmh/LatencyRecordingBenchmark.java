package dev.pressure.bench.jmh;

import dev.pressure.internal.LatencyWindow;
import io.prometheus.client.Histogram;
import io.prometheus.client.Summary;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of recording one request duration, per structure: pressure's sliding
 * {@link LatencyWindow} against the Prometheus simpleclient {@code Summary} the articles
 * configure (quantile 0.999, {@code maxAgeSeconds} 60, {@code ageBuckets} 5), a simpleclient
 * {@code Histogram} with default buckets, and an HdrHistogram {@code Recorder}.
 *
 * <p>Each thread records durations drawn from a fixed, log-uniform set between 1 ms and 2 s,
 * so every structure sees the same spread of buckets.
 *
 * <p>Results, measured on the quiet machine of {@code docs/benchmarks.md} on 2026-12-01 (2 vCPUs,
 * Intel Xeon, JDK 17.0.15, load average about 1), 1 fork, 3 x 1 s warm-up, 10 x 500 ms
 * measurement, {@code -prof gc}; median of the iterations:
 * <pre>
 * Benchmark                threads  median ns/op  Summary / this   B/op
 * clockRead (nanoTime only)      1          45.6              -      0
 * pressureWindow                 1          78.4           7.1x      0
 * simpleclientSummary            1         559.1              -    281
 * simpleclientHistogram          1          29.1          19.2x      0
 * hdrRecorder                    1          39.5          14.2x      0
 * clockRead (nanoTime only)      2          40.1              -      0
 * pressureWindow                 2         130.0          15.6x      0
 * simpleclientSummary            2        2031.6              -    281
 * simpleclientHistogram          2          51.4          39.5x      0
 * hdrRecorder                    2         301.6           6.7x      0
 * </pre>
 *
 * <p>Command: {@code for t in 1 2; do java -jar benchmarks/target/benchmarks.jar
 * LatencyRecordingBenchmark -t $t -f 1 -wi 3 -w 1s -i 10 -r 500ms -prof gc; done},
 * or {@code java -cp benchmarks/target/benchmarks.jar dev.pressure.bench.jmh.JmhReport} for the
 * tables of {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LatencyRecordingBenchmark {

  private static final int SAMPLES = 1 << 12;
  private static final long[] DURATIONS_NANOS = durations();

  private LatencyWindow window;
  private Summary summary;
  private Histogram histogram;
  private Recorder recorder;

  /** Creates the structures fresh for each trial. */
  @Setup
  public void setUp() {
    // As the monitor builds it (read every second). The slices cleared at construction cover
    // 36 s, longer than a trial, so the benchmark needs no reader thread to stay on the fast path.
    window = new LatencyWindow(Duration.ofSeconds(60), 5, Duration.ofSeconds(1), System::nanoTime);
    // The articles' Summary: p99.9 over the last 60 s in 5 age buckets (not registered: no scrape).
    summary = Summary.build()
        .name("http_request_duration_seconds")
        .help("request duration")
        .quantile(0.999, 0.0001)
        .maxAgeSeconds(60)
        .ageBuckets(5)
        .create();
    histogram = Histogram.build()
        .name("http_request_duration_seconds_histogram")
        .help("request duration")
        .create();
    recorder = new Recorder(TimeUnit.MINUTES.toNanos(10), 2);
  }

  /** Per-thread cursor into the shared durations, so threads do not share a counter. */
  @State(Scope.Thread)
  public static class Cursor {
    private int next = new SplittableRandom().nextInt(SAMPLES);

    long nextDuration() {
      next = (next + 1) & (SAMPLES - 1);
      return DURATIONS_NANOS[next];
    }
  }

  /**
   * One {@code System.nanoTime()} read, the part of {@code pressureWindow} (and of the filter,
   * which reads the clock twice) that is the machine's and not the data structure's.
   *
   * @return the time, so the read is not eliminated
   */
  @Benchmark
  public long clockRead() {
    return System.nanoTime();
  }

  /**
   * pressure's window, with the clock read the way the filter reads it.
   *
   * @param cursor per-thread state
   */
  @Benchmark
  public void pressureWindow(Cursor cursor) {
    window.record(cursor.nextDuration(), System.nanoTime());
  }

  /**
   * simpleclient Summary as the articles configure it.
   *
   * @param cursor per-thread state
   */
  @Benchmark
  public void simpleclientSummary(Cursor cursor) {
    summary.observe(cursor.nextDuration() / 1e9);
  }

  /**
   * simpleclient Histogram, default buckets.
   *
   * @param cursor per-thread state
   */
  @Benchmark
  public void simpleclientHistogram(Cursor cursor) {
    histogram.observe(cursor.nextDuration() / 1e9);
  }

  /**
   * HdrHistogram Recorder (2 significant digits, up to 10 minutes).
   *
   * @param cursor per-thread state
   */
  @Benchmark
  public void hdrRecorder(Cursor cursor) {
    recorder.recordValue(cursor.nextDuration());
  }

  private static long[] durations() {
    SplittableRandom random = new SplittableRandom(42);
    long[] d = new long[SAMPLES];
    double lo = Math.log(1e6);
    double hi = Math.log(2e9);
    for (int i = 0; i < SAMPLES; i++) {
      d[i] = (long) Math.exp(lo + (hi - lo) * random.nextDouble());
    }
    return d;
  }
}
