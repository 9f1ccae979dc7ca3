package dev.pressure.charts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** promtool's offline rule checks. */
final class Promtool {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Promtool() {}

  static ProcessRunner.Result checkRules(Path rulesFile) {
    return run(rulesFile.getParent(), "check", "rules", rulesFile.getFileName().toString());
  }

  /** Runs a unit test file; its rule_files resolve against the file's own directory. */
  static ProcessRunner.Result testRules(Path testFile) {
    return run(testFile.getParent(), "test", "rules", testFile.getFileName().toString());
  }

  private static ProcessRunner.Result run(Path workDir, String... args) {
    List<String> command = new ArrayList<>(List.of(ExternalTool.promtool().toString()));
    command.addAll(List.of(args));
    return ProcessRunner.run(workDir, TIMEOUT, command);
  }
}
