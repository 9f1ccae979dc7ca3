package dev.pressure.examples;

import dev.pressure.FailurePolicy;
import dev.pressure.PressureMonitor;
import dev.pressure.PressureSnapshot;
import dev.pressure.PressureType;
import dev.pressure.StalePolicy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The Java blocks of {@code docs/operations.md}, verbatim between the markers, so they compile
 * with the build and {@link OperationsDocTest} can run them and check the page still shows them.
 */
final class OperationsDocExamples {

  private OperationsDocExamples() {}

  /** The "fail open or fail closed" program; returns the monitor it built (closed). */
  static PressureMonitor faultPolicies() {
    PressureMonitor built;
    // doc:begin FaultPolicies
    BlockingQueue<Runnable> work = new ArrayBlockingQueue<>(100);
    try (PressureMonitor monitor = PressureMonitor.builder()
        .sampleInterval(Duration.ofMillis(500))
        .maxEventLoopDelay(Duration.ofMillis(200))
        .signal("queue_depth", work::size)
        .maxSignal("queue_depth", 80)
        // A queue we cannot read is a queue we must assume full.
        .failurePolicy(PressureType.signal("queue_depth"), FailurePolicy.TREAT_AS_PRESSURE)
        // No fresh sample for 3 s: shed rather than fly blind.
        .staleAfter(Duration.ofSeconds(3))
        .stalePolicy(StalePolicy.FAIL_CLOSED)
        .healthCheck(() -> true, Duration.ofSeconds(5))
        .healthCheckTimeout(Duration.ofSeconds(1))
        .build()) {
      System.out.println("stale after " + monitor.staleAfter() + ": " + monitor.stalePolicy());
    // doc:end
      built = monitor;
    }
    return built;
  }

  /** The "watch for faults from code" fragment; returns whether it found the sampler stale. */
  static boolean watchForFaults(PressureMonitor monitor) {
    // doc:begin watch
    PressureSnapshot snapshot = monitor.snapshot();
    long ageNanos = monitor.nanoTime() - snapshot.timestampNanos();
    boolean stale = ageNanos > monitor.staleAfter().toNanos();
    for (Map.Entry<PressureType, String> failure : snapshot.failures().entrySet()) {
      System.out.println("signal " + failure.getKey().name() + " failed: " + failure.getValue());
    }
    System.out.println(stale ? "sampler stalled" : "sampler fine");
    // doc:end
    return stale;
  }
}
