package dev.pressure.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads how many CPUs this container may use from its cgroup CPU quota: cgroup v2
 * {@code cpu.max} ({@code "<quota> <period>"} or {@code "max <period>"}), else cgroup v1
 * {@code cpu.cfs_quota_us} / {@code cpu.cfs_period_us}. Sentinel's fault was reading the
 * host's CPUs inside a container; this is the fix.
 */
public final class CgroupCpuLimit {

  private CgroupCpuLimit() {}

  /**
   * The CPU quota under {@code cgroupRoot} (normally {@code /sys/fs/cgroup}).
   *
   * @param cgroupRoot the cgroup file-system root
   * @return the quota in CPUs, or NaN when there is no quota or it cannot be read
   */
  public static double quotaCpus(Path cgroupRoot) {
    String v2 = read(cgroupRoot.resolve("cpu.max"));
    if (v2 != null) {
      String[] parts = v2.trim().split("\\s+");
      if (parts.length == 2 && !parts[0].equals("max")) {
        return ratio(parts[0], parts[1]);
      }
      return Double.NaN;
    }
    for (String dir : new String[] {"cpu", "cpu,cpuacct", "cpuacct,cpu"}) {
      String quota = read(cgroupRoot.resolve(dir).resolve("cpu.cfs_quota_us"));
      String period = read(cgroupRoot.resolve(dir).resolve("cpu.cfs_period_us"));
      if (quota != null && period != null) {
        return ratio(quota.trim(), period.trim());
      }
    }
    return Double.NaN;
  }

  /**
   * The CPUs this process may use: the cgroup quota when one is set and smaller than the
   * processors the JVM sees, else the JVM's count.
   *
   * @param cgroupRoot the cgroup file-system root
   * @param availableProcessors what {@link Runtime#availableProcessors()} says
   * @return CPUs, {@code > 0}
   */
  public static double effectiveCpus(Path cgroupRoot, int availableProcessors) {
    double quota = quotaCpus(cgroupRoot);
    return quota > 0 && quota < availableProcessors ? quota : Math.max(1, availableProcessors);
  }

  private static double ratio(String quota, String period) {
    try {
      double q = Double.parseDouble(quota);
      double p = Double.parseDouble(period);
      return q > 0 && p > 0 ? q / p : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String read(Path file) {
    try {
      return Files.isReadable(file) ? Files.readString(file, StandardCharsets.US_ASCII) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
