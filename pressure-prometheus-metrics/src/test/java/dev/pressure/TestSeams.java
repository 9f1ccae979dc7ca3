package dev.pressure;

import dev.pressure.internal.JvmSources;
import java.util.function.LongSupplier;

/** The core's package-private test seams, for this module's tests (on the class path). */
public final class TestSeams {

  private TestSeams() {}

  /**
   * A builder that never samples by itself and reads heap from the given suppliers.
   *
   * @param heapUsed heap in use
   * @param heapAfterGc heap after the last GC
   * @return the builder
   */
  public static PressureMonitor.Builder manual(LongSupplier heapUsed, LongSupplier heapAfterGc) {
    JvmSources sources = new JvmSources();
    sources.heapUsed = heapUsed;
    sources.heapAfterGc = heapAfterGc;
    return PressureMonitor.builder().autoSample(false).sources(sources);
  }

  /**
   * One sample on the caller's thread.
   *
   * @param monitor a monitor
   * @return the published snapshot
   */
  public static PressureSnapshot sampleNow(PressureMonitor monitor) {
    return monitor.sampleNow();
  }
}
