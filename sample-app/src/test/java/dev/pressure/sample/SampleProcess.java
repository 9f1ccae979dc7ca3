package dev.pressure.sample;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sample as a child process on a free loopback port, with its output collected. */
final class SampleProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
  private static final Pattern MANAGEMENT = Pattern.compile("management \\(/status, /metrics\\) on http://[^:]+:(\\d+)");

  final Process process;
  final List<String> output = new CopyOnWriteArrayList<>();

  private SampleProcess(List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("HOST", "127.0.0.1");
    pb.environment().put("PORT", "0");
    pb.environment().putAll(env);
    process = pb.start();
    Thread reader = new Thread(this::collectOutput, "sample-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Runs {@code dev.pressure.sample.Main} from the test class path. */
  static SampleProcess mainClass(Map<String, String> env) throws IOException {
    return new SampleProcess(List.of(java(), "-cp", System.getProperty("java.class.path"),
        "dev.pressure.sample.Main"), env);
  }

  /** Runs {@code Main} under {@code bash -c 'ulimit -n <limit>; exec java ...'}. */
  static SampleProcess mainClassWithFileLimit(int limit, Map<String, String> env) throws IOException {
    String command = "ulimit -n " + limit + " && exec \"$0\" -cp \"$1\" dev.pressure.sample.Main";
    return new SampleProcess(List.of("bash", "-c", command, java(), System.getProperty("java.class.path")), env);
  }

  /** Runs the shaded jar, as the README tells a newcomer to. */
  static SampleProcess jar(File jar, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.getAbsolutePath()));
    return new SampleProcess(command, env);
  }

  /** Waits for the "listening" line and returns the port it names. */
  int awaitPort() {
    int[] port = new int[1];
    await("the sample says it is listening; output: " + output).atMost(Duration.ofSeconds(30)).until(() -> {
      for (String line : output) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          port[0] = Integer.parseInt(m.group(1));
          return true;
        }
      }
      return false;
    });
    return port[0];
  }

  /** Waits for the management line and returns the port it names. */
  int awaitManagementPort() {
    int[] port = new int[1];
    await("the sample names its management port; output: " + output).atMost(Duration.ofSeconds(30)).until(() -> {
      for (String line : output) {
        Matcher m = MANAGEMENT.matcher(line);
        if (m.find()) {
          port[0] = Integer.parseInt(m.group(1));
          return true;
        }
      }
      return false;
    });
    return port[0];
  }

  /** Sends SIGTERM without closing our end of its output (Process.destroy() would). */
  boolean sigterm() {
    return process.toHandle().destroy();
  }

  String outputText() {
    return String.join("\n", output);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private void collectOutput() {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        output.add(line);
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  private static String java() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }
}
