package dev.pressure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatusRssTest {

  @TempDir
  Path dir;

  private ProcStatusRss status(String text) throws IOException {
    Path file = dir.resolve("status");
    Files.writeString(file, text);
    return new ProcStatusRss(file);
  }

  @Test
  void vmRssInKibibytes() throws IOException {
    ProcStatusRss rss = status("Name:\tjava\nVmHWM:\t  900000 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 1 kB\n");
    assertThat(rss.rssBytes()).isEqualTo(123456L * 1024);
  }

  @Test
  void vmRssWithoutUnitIsBytes() throws IOException {
    assertThat(status("VmRSS: 4096\n").rssBytes()).isEqualTo(4096);
  }

  @Test
  void missingFileIsUnsupported() throws IOException {
    assertThat(new ProcStatusRss(dir.resolve("no-such-status")).rssBytes()).isEqualTo(ProcStatusRss.UNSUPPORTED);
  }

  @Test
  void malformedValueIsAnIoException() throws IOException {
    ProcStatusRss rss = status("VmRSS:\t  lots kB\n");
    assertThatThrownBy(rss::rssBytes).isInstanceOf(IOException.class).hasMessageContaining("VmRSS is not a number");
  }

  @Test
  void emptyValueIsAnIoException() throws IOException {
    assertThatThrownBy(status("VmRSS:\n")::rssBytes).isInstanceOf(IOException.class);
  }

  @Test
  void noVmRssLineIsAnIoException() throws IOException {
    ProcStatusRss rss = status("Name:\tjava\nVmSize:\t 1 kB\n");
    assertThatThrownBy(rss::rssBytes).isInstanceOf(IOException.class).hasMessageContaining("no VmRSS line");
  }

  @Test
  void readsTheRealFileOnLinux() throws IOException {
    Path real = Path.of("/proc/self/status");
    long rss = new ProcStatusRss(real).rssBytes();
    if (Files.exists(real)) {
      assertThat(rss).isGreaterThan(1L << 20);
    } else {
      assertThat(rss).isEqualTo(ProcStatusRss.UNSUPPORTED);
    }
  }
}
