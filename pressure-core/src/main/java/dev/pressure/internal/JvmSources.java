package dev.pressure.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.LongSupplier;

/**
 * Where the monitor reads the JVM and the OS; tests replace the fields with fakes before the
 * monitor starts. Not thread-safe to change once a monitor uses it.
 */
public final class JvmSources {
  /** The real JVM and OS sources; tests replace fields before a monitor starts. */
  public JvmSources() {}

  /** Process CPU time in ns; {@link #UNSUPPORTED} without {@code jdk.management}. */
  public LongSupplier processCpuNanos = JvmSources::processCpuNanos;
  /** Heap in use now. */
  public LongSupplier heapUsed = () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  /** Heap in use after the last GC; negative before the first one. */
  public LongSupplier heapAfterGc = JvmSources::heapAfterGc;
  /** Linux {@code /proc/self/status}, for VmRSS. */
  public Path procStatus = Paths.get("/proc/self/status");
  /** cgroup root, for the CPU quota. */
  public Path cgroupRoot = Paths.get("/sys/fs/cgroup");
  /** How the lag probe sleeps. */
  public SchedulingLagProbe.Sleeper lagSleeper = nanos -> {
    Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
  };

  /** What {@link #processCpuNanos} returns when the runtime cannot tell. */
  public static final long UNSUPPORTED = -1;

  private static long processCpuNanos() {
    try {
      java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
        return sun.getProcessCpuTime();
      }
    } catch (LinkageError e) {
      // jdk.management is not in this runtime image.
    }
    return UNSUPPORTED;
  }

  private static long heapAfterGc() {
    long total = 0;
    boolean any = false;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() != MemoryType.HEAP) {
        continue;
      }
      MemoryUsage afterGc = pool.getCollectionUsage();
      if (afterGc != null) {
        total += afterGc.getUsed();
        any = true;
      }
    }
    return any ? total : -1;
  }
}
