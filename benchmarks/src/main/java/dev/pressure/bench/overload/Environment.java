package dev.pressure.bench.overload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The machine a run was taken on, recorded with the results because numbers from a shared
 * 2-core machine mean little without it.
 *
 * <p>Immutable; thread-safe.
 *
 * @param processors available processors as the JVM sees them
 * @param cpuModel the first {@code model name} of {@code /proc/cpuinfo}, or "unknown"
 * @param memory {@code MemTotal} of {@code /proc/meminfo}, or "unknown"
 * @param loadAverage {@code /proc/loadavg} when captured (1, 5, 15 minutes), or "unknown"
 * @param jdk vendor and runtime version
 * @param os name, version and architecture
 * @param maxHeapMiB the JVM's maximum heap
 * @param jetty Jetty's version
 * @param at when captured (UTC, seconds)
 */
record Environment(int processors, String cpuModel, String memory, String loadAverage, String jdk, String os,
    long maxHeapMiB, String jetty, Instant at) {

  /** @return the environment now */
  static Environment capture() {
    return new Environment(
        Runtime.getRuntime().availableProcessors(),
        firstLine(Paths.get("/proc/cpuinfo"), "model name"),
        firstLine(Paths.get("/proc/meminfo"), "MemTotal"),
        loadAverageNow(),
        System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        Runtime.getRuntime().maxMemory() >> 20,
        org.eclipse.jetty.util.Jetty.VERSION,
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /** @return the first three fields of {@code /proc/loadavg}, or "unknown" */
  static String loadAverageNow() {
    try {
      String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String firstLine(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: say so below
    }
    return "unknown";
  }
}
