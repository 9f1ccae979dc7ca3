package dev.pressure.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.PressureMonitor;
import dev.pressure.StalePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code docs/operations.md}: its Java blocks are the code of {@link OperationsDocExamples}, and that code does what the page says. */
class OperationsDocTest {

  private static final Path DOC = Paths.get("..", "docs", "operations.md");
  private static final Path EXAMPLES =
      Paths.get("src", "test", "java", "dev", "pressure", "examples", "OperationsDocExamples.java");

  @Test
  void theFaultPoliciesProgramBuildsAFailClosedMonitorAndClosesIt() {
    PressureMonitor m = OperationsDocExamples.faultPolicies();
    assertThat(m.isClosed()).isTrue();
    assertThat(m.stalePolicy()).isEqualTo(StalePolicy.FAIL_CLOSED);
    assertThat(m.staleAfter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(m.signalNames()).containsExactly("queue_depth");
  }

  @Test
  void theWatchFragmentTellsAStaleSnapshot() {
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    try (PressureMonitor m = PressureMonitor.builder().clock(clock::get).sampleInterval(Duration.ofHours(1)).build()) {
      assertThat(OperationsDocExamples.watchForFaults(m)).isFalse();
      clock.addAndGet(m.staleAfter().toNanos() + 1);
      assertThat(OperationsDocExamples.watchForFaults(m)).isTrue();
    }
  }

  @Test
  void everyJavaBlockOfThePageIsExampleCode() throws IOException {
    List<List<String>> blocks = blocks(Files.readString(DOC), Pattern.compile("```java\n(.*?)```", Pattern.DOTALL));
    List<List<String>> regions = blocks(Files.readString(EXAMPLES),
        Pattern.compile("// doc:begin [A-Za-z]+\n(.*?)// doc:end", Pattern.DOTALL));
    assertThat(blocks).hasSameSizeAs(regions);
    for (int i = 0; i < blocks.size(); i++) {
      assertThat(Collections.indexOfSubList(blocks.get(i), regions.get(i)))
          .as("block %d of %s holds the lines of example %d in order:%n%s%n%s", i + 1, DOC, i + 1,
              String.join("\n", blocks.get(i)), String.join("\n", regions.get(i)))
          .isNotNegative();
    }
  }

  /** Each match's text as trimmed, non-blank lines. */
  private static List<List<String>> blocks(String text, Pattern pattern) {
    List<List<String>> out = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      out.add(m.group(1).lines().map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.toList()));
    }
    return out;
  }
}
