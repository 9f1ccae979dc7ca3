package dev.pressure.sample;

import dev.pressure.internal.ConfigParser;
import dev.pressure.internal.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sample's settings, read from environment variables. Every variable is optional and has
 * a default; a bad value stops start-up with {@code <VARIABLE>: <what is allowed>. Found: <value>}.
 * Unknown variables are not an error (the environment holds many others). Immutable.
 */
public final class SampleConfig {

  /** Every variable the sample reads, with its default and meaning, in documentation order. */
  public static final List<Variable> VARIABLES = List.of(
      new Variable("PORT", "3000", "TCP port to listen on (0 = any free port)"),
      new Variable("HOST", "0.0.0.0", "address to bind"),
      new Variable("CONCURRENCY", "1", "how many /expensive-op tasks run at once"),
      new Variable("EXPENSIVE_OP_MS", "2000", "how long one /expensive-op task takes (ms)"),
      new Variable("REQUEST_DURATION_MS", "200", "how long /slow takes to answer (ms, at most 1h), the nominal latency"),
      new Variable("LATENCY_QUANTILE", "0.999", "quantile of /slow latency the tiers compare"),
      new Variable("LATENCY_MAX_AGE_SECONDS", "60", "latency window length (s)"),
      new Variable("LATENCY_AGE_BUCKETS", "5", "rotating slices in the latency window"),
      new Variable("READINESS_MULTIPLIER", "2", "readiness fails above this multiple of the nominal latency / CONCURRENCY"),
      new Variable("SHED_MULTIPLIER", "4", "requests are shed above this multiple of the nominal latency / CONCURRENCY"),
      new Variable("SAMPLE_INTERVAL_MS", "1000", "how often the monitor samples (ms, >= 10)"),
      new Variable("RETRY_AFTER_SECONDS", "10", "Retry-After sent with 503 (s)"),
      new Variable("SHUTDOWN_GRACE_MS", "10000", "how long in-flight requests may take to finish after SIGTERM (ms)"),
      new Variable("MAX_EVENT_LOOP_DELAY_MS", "0", "shed when scheduling lag exceeds this (ms); 0 = off"),
      new Variable("MAX_EVENT_LOOP_UTILIZATION", "0", "shed when process CPU use exceeds this share (0..1); 0 = off"),
      new Variable("MAX_HEAP_USED_BYTES", "0", "shed when heap in use exceeds this (bytes, or 512MiB); 0 = off"),
      new Variable("MAX_RSS_BYTES", "0", "shed when resident set size exceeds this (bytes, or 1GiB); 0 = off"));

  /** One documented environment variable. */
  public static final class Variable {
    /** The variable's name. */
    public final String name;
    /** Its default, as text. */
    public final String defaultValue;
    /** What it does. */
    public final String meaning;

    Variable(String name, String defaultValue, String meaning) {
      this.name = name;
      this.defaultValue = defaultValue;
      this.meaning = meaning;
    }
  }

  /** Longest nominal /slow latency: the multipliers (up to 1000) must keep the tier limits representable. */
  static final Duration MAX_REQUEST_DURATION = Duration.ofHours(1);

  final int port;
  final String host;
  final int concurrency;
  final Duration expensiveOp;
  final Duration requestDuration;
  final double latencyQuantile;
  final Duration latencyMaxAge;
  final int latencyAgeBuckets;
  final double readinessMultiplier;
  final double shedMultiplier;
  final Duration sampleInterval;
  final Duration retryAfter;
  final Duration shutdownGrace;
  final Duration maxEventLoopDelay;
  final double maxEventLoopUtilization;
  final long maxHeapUsedBytes;
  final long maxRssBytes;

  private SampleConfig(Map<String, String> env) {
    Map<String, String> v = new LinkedHashMap<>();
    for (Variable variable : VARIABLES) {
      String value = env.get(variable.name);
      v.put(variable.name, value == null || value.isBlank() ? variable.defaultValue : value);
    }
    port = (int) ConfigParser.integer("PORT", v.get("PORT"), 0, 65535);
    host = host(v.get("HOST"));
    concurrency = (int) ConfigParser.integer("CONCURRENCY", v.get("CONCURRENCY"), 1, 10_000);
    expensiveOp = ConfigParser.duration("EXPENSIVE_OP_MS", v.get("EXPENSIVE_OP_MS"), "ms", Duration.ofMillis(1));
    requestDuration =
        ConfigParser.duration("REQUEST_DURATION_MS", v.get("REQUEST_DURATION_MS"), "ms", Duration.ofMillis(1));
    if (requestDuration.compareTo(MAX_REQUEST_DURATION) > 0) {
      // Multiplied by up to 1000 into the tier limits: beyond an hour those would overflow.
      throw ConfigParser.error("REQUEST_DURATION_MS", "a duration in [1ms, 1h] such as 200 or 200ms",
          v.get("REQUEST_DURATION_MS"));
    }
    // The monitor's settings parse through the library's table, as the init-params do.
    latencyQuantile = (Double) table(Setting.LATENCY_QUANTILE, v);
    latencyMaxAge = (Duration) table(Setting.LATENCY_MAX_AGE, v);
    latencyAgeBuckets = (Integer) table(Setting.LATENCY_AGE_BUCKETS, v);
    readinessMultiplier = ConfigParser.decimal("READINESS_MULTIPLIER", v.get("READINESS_MULTIPLIER"), 1, 1000);
    shedMultiplier = ConfigParser.decimal("SHED_MULTIPLIER", v.get("SHED_MULTIPLIER"), 1, 1000);
    if (!(shedMultiplier > readinessMultiplier)) {
      throw ConfigParser.error("SHED_MULTIPLIER",
          "greater than READINESS_MULTIPLIER (" + v.get("READINESS_MULTIPLIER") + ") so readiness fails before shedding starts",
          v.get("SHED_MULTIPLIER"));
    }
    sampleInterval = (Duration) table(Setting.SAMPLE_INTERVAL, v);
    retryAfter = Duration.ofSeconds(ConfigParser.integer("RETRY_AFTER_SECONDS", v.get("RETRY_AFTER_SECONDS"), 0, 86_400));
    shutdownGrace = ConfigParser.duration("SHUTDOWN_GRACE_MS", v.get("SHUTDOWN_GRACE_MS"), "ms", Duration.ZERO);
    maxEventLoopDelay = (Duration) table(Setting.MAX_EVENT_LOOP_DELAY, v);
    maxEventLoopUtilization = (Double) table(Setting.MAX_EVENT_LOOP_UTILIZATION, v);
    maxHeapUsedBytes = (Long) table(Setting.MAX_HEAP_USED_BYTES, v);
    maxRssBytes = (Long) table(Setting.MAX_RSS_BYTES, v);
  }

  private static Object table(Setting setting, Map<String, String> v) {
    return setting.parser().parse(setting.env(), v.get(setting.env()));
  }

  /**
   * Reads the settings from an environment.
   *
   * @param env e.g. {@link System#getenv()}
   * @return the validated settings
   * @throws IllegalArgumentException naming the first bad variable
   */
  public static SampleConfig fromEnvironment(Map<String, String> env) {
    return new SampleConfig(Objects.requireNonNull(env, "env"));
  }

  /** @return the nominal /slow latency times the readiness multiplier */
  Duration readinessLatency() {
    return scale(requestDuration, readinessMultiplier);
  }

  /** @return the nominal /slow latency times the shed multiplier */
  Duration shedLatency() {
    return scale(requestDuration, shedMultiplier);
  }

  /** @return the documentation table of the variables, as Markdown */
  static String markdownTable() {
    List<String> rows = new ArrayList<>();
    rows.add("| variable | default | meaning |");
    rows.add("|---|---|---|");
    for (Variable v : VARIABLES) {
      rows.add("| `" + v.name + "` | `" + v.defaultValue + "` | " + v.meaning + " |");
    }
    return String.join("\n", rows) + "\n";
  }

  private static Duration scale(Duration d, double factor) {
    return Duration.ofNanos(Math.round(d.toNanos() * factor));
  }

  private static String host(String text) {
    if (text == null || !text.trim().matches("[A-Za-z0-9.:\\-\\[\\]]{1,253}")) {
      throw ConfigParser.error("HOST", "a host name or IP address such as 0.0.0.0 or 127.0.0.1", text);
    }
    return text.trim();
  }
}
