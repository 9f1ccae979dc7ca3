package dev.pressure;

import dev.pressure.internal.JvmSources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.internal.SchedulingLagProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals whose source fails: every built-in source broken at once (the CPU MXBean throws,
 * the heap reading throws, /proc/self/status unreadable, the lag probe's thread dead) and
 * custom signals that throw an exception, throw an Error or return NaN. The other signals
 * keep sampling, each failure is in the snapshot, its tier follows the signal's
 * {@link FailurePolicy}, and the log gets one message per signal per minute.
 */
class SignalFaultsTest {

  @TempDir
  Path dir;
  private MonitorFixture f;
  private final AtomicInteger healthyReads = new AtomicInteger();
  private final CapturedLog log = new CapturedLog();

  @BeforeEach
  void fixture() {
    f = new MonitorFixture(dir);
    log.attach();
  }

  @AfterEach
  void close() {
    log.detach();
    f.close();
  }

  /** Breaks every built-in source: CPU time and heap throw, the status file is a directory. */
  private JvmSources brokenSources() throws IOException {
    JvmSources s = f.sources();
    s.processCpuNanos = () -> {
      throw new UnsupportedOperationException("OperatingSystemMXBean: process CPU time not supported");
    };
    s.heapUsed = () -> {
      throw new IllegalStateException("MemoryMXBean failed");
    };
    s.procStatus = Files.createDirectories(dir.resolve("unreadable-status"));
    return s;
  }

  private PressureMonitor broken(Consumer<PressureMonitor.Builder> config) throws IOException {
    JvmSources sources = brokenSources();
    return f.build(b -> {
      b.sources(sources)
          .signal("healthy", () -> healthyReads.incrementAndGet())
          .signal("throws", () -> {
            throw new IllegalStateException("queue gone");
          })
          .signal("errors", () -> {
            throw new NoClassDefFoundError("com/example/QueueStats");
          })
          .signal("nan", () -> Double.NaN)
          .liveSignal("liveErrors", () -> {
            throw new AssertionError("live source broken");
          });
      config.accept(b);
    });
  }

  @Test
  void theOtherSignalsKeepSamplingAndEveryFailureIsInTheSnapshot() throws IOException {
    PressureMonitor m = broken(b -> {});

    for (int i = 1; i <= 3; i++) {
      f.nextLagNanos = 5_000_000;
      PressureSnapshot s = f.sample(m);
      assertThat(s.sequence()).isEqualTo(i);
      assertThat(s.signals().get("healthy")).as("a working signal keeps sampling").isEqualTo(i);
      assertThat(s.eventLoopDelayMillis()).as("a working built-in keeps sampling").isEqualTo(5.0);
      assertThat(s.failures()).containsOnlyKeys(PressureType.EVENT_LOOP_UTILIZATION, PressureType.HEAP_USED_BYTES, PressureType.RSS_BYTES, PressureType.signal("throws"), PressureType.signal("errors"), PressureType.signal("nan"), PressureType.signal("liveErrors"));
      assertThat(s.failures().get(PressureType.signal("errors"))).contains("NoClassDefFoundError", "com/example/QueueStats");
      assertThat(s.failures().get(PressureType.HEAP_USED_BYTES)).contains("MemoryMXBean failed");
      assertThat(s.eventLoopUtilization()).isNaN();
      assertThat(s.heapUsedBytes()).isNegative();
      assertThat(s.rssBytes()).isNegative();
      assertThat(s.signals().get("throws")).isNaN();
      assertThat(s.signals().get("errors")).isNaN();
      assertThat(s.signals().get("liveErrors")).isNaN();
    }
  }

  @Test
  void eachTierAppliesEachSignalsPolicy() throws IOException {
    Thresholds everything = Thresholds.builder()
        .maxEventLoopUtilization(0.5).maxHeapUsedBytes(1).maxRssBytes(1)
        .maxSignal("throws", 1).maxSignal("errors", 1).maxSignal("nan", 1).maxSignal("liveErrors", 1)
        .build();
    PressureMonitor lenient = broken(b -> b.defaultTier(everything));
    PressureMonitor strictOnErrors = broken(b -> b.defaultTier(everything)
        .failurePolicy(PressureType.signal("errors"), FailurePolicy.TREAT_AS_PRESSURE));
    PressureMonitor strictOnHeap = broken(b -> b.defaultTier(everything)
        .failurePolicy(PressureType.HEAP_USED_BYTES, FailurePolicy.TREAT_AS_PRESSURE));
    PressureMonitor strictOnLive = broken(b -> b.defaultTier(everything)
        .failurePolicy(PressureType.signal("liveErrors"), FailurePolicy.TREAT_AS_PRESSURE));

    assertThat(f.sample(lenient).pressureType("default")).as("IGNORE is the default").isNull();
    assertThat(lenient.pressureType()).isNull();
    assertThat(f.sample(strictOnErrors).pressureType("default")).isEqualTo(PressureType.signal("errors"));
    assertThat(f.sample(strictOnHeap).pressureType("default")).isEqualTo(PressureType.HEAP_USED_BYTES);
    f.sample(strictOnLive);
    assertThat(strictOnLive.pressureType()).as("a live signal is judged per check").isEqualTo(PressureType.signal("liveErrors"));
  }

  @Test
  void aFailingSignalIsLoggedOncePerMinuteWithACountOfWhatWasSuppressed() throws IOException {
    PressureMonitor m = broken(b -> {});
    for (int i = 0; i < 100; i++) { // 100 samples, one a second
      f.sample(m);
      f.clock.advance(Duration.ofSeconds(1));
    }
    List<String> aboutErrors = log.messages("signal errors failed");
    assertThat(aboutErrors).as("100 failures in 100 s: logged at 0 s and after 60 s").hasSize(2);
    assertThat(aboutErrors.get(1)).contains("similar messages suppressed");
    assertThat(log.messages("signal heapUsedBytes failed")).hasSize(2);
    assertThat(log.messages("signal throws failed")).hasSize(2);
  }

  @Test
  void aDeadLagProbeThreadIsAFailedSignalNotAnEverGrowingLag() {
    JvmSources sources = f.sources();
    SchedulingLagSleeperThatDies sleeper = new SchedulingLagSleeperThatDies(sources.lagSleeper);
    sources.lagSleeper = sleeper;
    PressureMonitor lenient = f.build(b -> b.sources(sources).maxEventLoopDelay(Duration.ofMillis(200)));
    PressureMonitor strict = f.build(b -> b.sources(sources).maxEventLoopDelay(Duration.ofMillis(200))
        .failurePolicy(PressureType.EVENT_LOOP_DELAY, FailurePolicy.TREAT_AS_PRESSURE));
    await().atMost(Duration.ofSeconds(10)).until(() -> sleeper.deaths.get() == 2
        && MonitorThreadsTest.namesOf(lenient, "lag").isEmpty() && MonitorThreadsTest.namesOf(strict, "lag").isEmpty());

    f.clock.advance(Duration.ofMinutes(5)); // a stalled probe would now read as 5 minutes of lag
    PressureSnapshot s = lenient.sampleNow();
    assertThat(s.failures()).containsKey(PressureType.EVENT_LOOP_DELAY);
    assertThat(s.eventLoopDelayMillis()).isNaN();
    assertThat(s.pressureType("default")).isNull();
    assertThat(strict.sampleNow().pressureType("default")).isEqualTo(PressureType.EVENT_LOOP_DELAY);
    assertThat(log.messages("probe")).isNotEmpty();
  }

  /** The fixture's sleeper, except that the monitor's own probe thread dies at its first tick. */
  static final class SchedulingLagSleeperThatDies implements SchedulingLagProbe.Sleeper {
    final AtomicInteger deaths = new AtomicInteger();
    private final SchedulingLagProbe.Sleeper fixture;

    SchedulingLagSleeperThatDies(SchedulingLagProbe.Sleeper fixture) {
      this.fixture = fixture;
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
      if (Thread.currentThread().getName().contains("-lag-")) {
        deaths.incrementAndGet();
        throw new OutOfMemoryError("unable to create native thread (simulated)");
      }
      fixture.sleep(nanos);
    }
  }

  /** Records what the monitor logs through System.Logger, which the JDK routes to java.util.logging. */
  static final class CapturedLog extends Handler {
    private final Logger logger = Logger.getLogger("dev.pressure");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    void attach() {
      logger.addHandler(this);
    }

    void detach() {
      logger.removeHandler(this);
    }

    List<String> messages(String containing) {
      return records.stream().map(LogRecord::getMessage).filter(m -> m.contains(containing))
          .collect(Collectors.toList());
    }

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
