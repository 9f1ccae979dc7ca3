package dev.pressure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupCpuLimitTest {

  @TempDir
  Path root;

  private void write(String relative, String text) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void cgroupV2Quota() throws IOException {
    write("cpu.max", "150000 100000\n");
    assertThat(CgroupCpuLimit.quotaCpus(root)).isEqualTo(1.5);
    assertThat(CgroupCpuLimit.effectiveCpus(root, 8)).isEqualTo(1.5);
  }

  @Test
  void cgroupV2WithoutQuota() throws IOException {
    write("cpu.max", "max 100000\n");
    assertThat(CgroupCpuLimit.quotaCpus(root)).isNaN();
    assertThat(CgroupCpuLimit.effectiveCpus(root, 8)).isEqualTo(8);
  }

  @Test
  void cgroupV2WinsOverV1() throws IOException {
    write("cpu.max", "50000 100000");
    write("cpu/cpu.cfs_quota_us", "300000");
    write("cpu/cpu.cfs_period_us", "100000");
    assertThat(CgroupCpuLimit.quotaCpus(root)).isEqualTo(0.5);
  }

  @Test
  void cgroupV1Quota() throws IOException {
    write("cpu,cpuacct/cpu.cfs_quota_us", "200000\n");
    write("cpu,cpuacct/cpu.cfs_period_us", "100000\n");
    assertThat(CgroupCpuLimit.quotaCpus(root)).isEqualTo(2.0);
    assertThat(CgroupCpuLimit.effectiveCpus(root, 16)).isEqualTo(2.0);
  }

  @Test
  void cgroupV1PlainCpuDirectory() throws IOException {
    write("cpu/cpu.cfs_quota_us", "50000");
    write("cpu/cpu.cfs_period_us", "100000");
    assertThat(CgroupCpuLimit.quotaCpus(root)).isEqualTo(0.5);
  }

  @Test
  void cgroupV1Unlimited() throws IOException {
    write("cpu/cpu.cfs_quota_us", "-1\n");
    write("cpu/cpu.cfs_period_us", "100000\n");
    assertThat(CgroupCpuLimit.quotaCpus(root)).isNaN();
    assertThat(CgroupCpuLimit.effectiveCpus(root, 4)).isEqualTo(4);
  }

  @Test
  void quotaAboveTheVisibleProcessorsUsesTheProcessors() throws IOException {
    write("cpu.max", "800000 100000");
    assertThat(CgroupCpuLimit.effectiveCpus(root, 2)).isEqualTo(2);
  }

  @Test
  void noCgroupFilesUsesTheProcessorsAndNeverLessThanOne() {
    assertThat(CgroupCpuLimit.quotaCpus(root)).isNaN();
    assertThat(CgroupCpuLimit.effectiveCpus(root, 3)).isEqualTo(3);
    assertThat(CgroupCpuLimit.effectiveCpus(root.resolve("missing"), 0)).isEqualTo(1);
  }

  @Test
  void garbageIsIgnored() throws IOException {
    write("cpu.max", "lots 100000");
    assertThat(CgroupCpuLimit.quotaCpus(root)).isNaN();
    write("cpu.max", "");
    assertThat(CgroupCpuLimit.quotaCpus(root)).isNaN();
    write("cpu.max", "100000 0");
    assertThat(CgroupCpuLimit.effectiveCpus(root, 4)).isEqualTo(4);
  }
}
