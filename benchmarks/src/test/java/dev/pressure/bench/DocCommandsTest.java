package dev.pressure.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.bench.jmh.FilterOverheadBenchmark;
import dev.pressure.bench.jmh.LatencyRecordingBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The commands that {@code docs/benchmarks.md} tells readers to run are valid: the harness's
 * main class exists and accepts the flags shown, and JMH accepts the options and selects both
 * benchmark classes.
 */
class DocCommandsTest {

  private static final Path DOC = Paths.get("..", "docs", "benchmarks.md");
  private static final String HARNESS = "dev.pressure.bench.overload.OverloadHarness";

  @Test
  void harnessCommandsNameTheMainClassAndParse() throws Exception {
    List<String> commands = commands().stream().filter(c -> c.contains(HARNESS)).toList();

    assertThat(commands).hasSizeGreaterThanOrEqualTo(2).anyMatch(c -> c.contains("--mode full"))
        .anyMatch(c -> c.contains("--mode quick"));
    for (String c : commands) {
      assertThat(Class.forName(HARNESS).getMethod("main", String[].class)).isNotNull();
      String[] args = c.substring(c.indexOf(HARNESS) + HARNESS.length()).trim().split("\\s+");
      assertThat(parse(args)).as(c).isNotNull();
    }
  }

  @Test
  void everyMainClassNamedExists() throws Exception {
    List<String> commands = commands().stream().filter(c -> c.startsWith("java -cp benchmarks/target/benchmarks.jar "))
        .toList();

    assertThat(commands).hasSizeGreaterThanOrEqualTo(3);
    for (String c : commands) {
      String main = c.split("\\s+")[3];
      assertThat(Class.forName(main).getMethod("main", String[].class)).as(c).isNotNull();
    }
  }

  @Test
  void jmhCommandParsesAndSelectsBothBenchmarks() throws Exception {
    List<String> commands = commands().stream().filter(c -> c.contains("java -jar benchmarks/target/benchmarks.jar"))
        .toList();

    assertThat(commands).isNotEmpty();
    List<String> published = commands.stream().filter(c -> c.contains("$t")).toList();
    assertThat(published).as("the published command, run per thread count").hasSize(1);
    CommandLineOptions options = jmhOptions(published.get(0).replace("$t", "2"));
    assertThat(options.getThreads().get()).isEqualTo(2);
    assertThat(options.getProfilers()).anyMatch(p -> p.getKlass().equals("gc"));
    for (String benchmark : List.of(FilterOverheadBenchmark.class.getName() + ".bareChain",
        LatencyRecordingBenchmark.class.getName() + ".pressureWindow")) {
      assertThat(options.getIncludes()).anyMatch(regex -> Pattern.compile(regex).matcher(benchmark).find());
    }
    // Every other JMH command in the page parses too, and selects a benchmark that exists.
    for (String c : commands) {
      List<String> includes = jmhOptions(c.replace("$t", "1")).getIncludes();
      assertThat(includes).as(c).isNotEmpty().allMatch(regex -> Pattern.compile(regex)
          .matcher(FilterOverheadBenchmark.class.getName() + ".underPressureFilter").find()
          || Pattern.compile(regex).matcher(LatencyRecordingBenchmark.class.getName() + ".pressureWindow").find());
    }
  }

  private static CommandLineOptions jmhOptions(String command) throws Exception {
    String c = command.replace("'", "");
    return new CommandLineOptions(c.substring(c.indexOf("benchmarks.jar") + "benchmarks.jar".length()).trim().split("\\s+"));
  }

  /** Shell commands in fenced blocks, with backslash continuations joined. */
  private static List<String> commands() throws Exception {
    List<String> out = new ArrayList<>();
    boolean inBlock = false;
    StringBuilder pending = new StringBuilder();
    for (String line : Files.readAllLines(DOC)) {
      if (line.startsWith("```")) {
        inBlock = !inBlock;
        continue;
      }
      if (!inBlock) {
        continue;
      }
      String t = line.trim();
      if (t.endsWith("\\")) {
        pending.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      pending.append(t);
      out.add(pending.toString());
      pending.setLength(0);
    }
    return out;
  }

  private static Object parse(String[] args) throws Exception {
    var parse = Class.forName("dev.pressure.bench.overload.HarnessOptions").getDeclaredMethod("parse", String[].class);
    parse.setAccessible(true);
    return parse.invoke(null, (Object) Arrays.copyOf(args, args.length));
  }
}
