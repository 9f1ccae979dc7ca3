package dev.pressure.internal;

import dev.pressure.MonitorSettings;
import dev.pressure.PressureMonitor;
import dev.pressure.Thresholds;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The one table of the monitor's text-configurable settings: name (init-param), the sample's
 * environment variable, unit, range, default and meaning, with the parser every text form
 * goes through and where the value lands (a monitor builder, a tier's thresholds, or both).
 * The servlet init-params, the sample's environment, the builder's range checks and the
 * configuration reference (checked by a test) all read it. Immutable and thread-safe.
 *
 * @param name the init-param name (and, for a tier limit, the {@code <tier>.<name>} suffix)
 * @param env the sample application's environment variable, or null when it has none
 * @param unit the unit as the configuration reference states it
 * @param defaultText the default as the reference shows it first
 * @param meaning one line on what it does
 * @param parser text to value, errors named by the caller's name
 * @param monitor how a value lands on a monitor builder, or null (tier-only)
 * @param tier how a value lands on a tier's thresholds, or null (monitor-only)
 */
public record Setting(String name, String env, String unit, String defaultText, String meaning,
    Parser parser, BiConsumer<MonitorSettings<?>, Object> monitor, BiConsumer<Thresholds.Builder, Object> tier) {

  /** Parses text for a setting, reporting errors under {@code name}. */
  @FunctionalInterface
  public interface Parser {
    /**
     * Parses one value.
     *
     * @param name the name to report (init-param or environment variable)
     * @param text the text
     * @return the value
     */
    Object parse(String name, String text);
  }

  /** Tier names, the same rule for the builder and for {@code <tier>.<limit>} init-params. */
  public static final Pattern TIER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  /** The tier-name rule as error messages state it. */
  public static final String TIER_NAME_RULE = "1 to 64 of letters, digits, '_', '.', '-', other than \"default\"";

  /** Scheduling-lag limit. */
  public static final Setting MAX_EVENT_LOOP_DELAY = new Setting("maxEventLoopDelay", "MAX_EVENT_LOOP_DELAY_MS",
      "duration, bare ms", "0", "scheduling lag limit; 0 is off", durationAtLeast("ms", Duration.ZERO),
      (b, v) -> b.maxEventLoopDelay((Duration) v), (t, v) -> t.maxEventLoopDelay((Duration) v));
  /** CPU-use limit. */
  public static final Setting MAX_EVENT_LOOP_UTILIZATION = new Setting("maxEventLoopUtilization",
      "MAX_EVENT_LOOP_UTILIZATION", "number in [0, 1]", "0", "process CPU use limit, share of the container's CPUs",
      (n, t) -> ConfigParser.decimal(n, t, 0, 1),
      (b, v) -> b.maxEventLoopUtilization((Double) v), (t, v) -> t.maxEventLoopUtilization((Double) v));
  /** Heap limit. */
  public static final Setting MAX_HEAP_USED_BYTES = new Setting("maxHeapUsedBytes", "MAX_HEAP_USED_BYTES",
      "size, bare bytes", "0", "heap limit (heap after GC with heapUsedAfterGc)", ConfigParser::bytes,
      (b, v) -> b.maxHeapUsedBytes((Long) v), (t, v) -> t.maxHeapUsedBytes((Long) v));
  /** RSS limit. */
  public static final Setting MAX_RSS_BYTES = new Setting("maxRssBytes", "MAX_RSS_BYTES", "size, bare bytes", "0",
      "resident set size limit (Linux)", ConfigParser::bytes,
      (b, v) -> b.maxRssBytes((Long) v), (t, v) -> t.maxRssBytes((Long) v));
  /** Latency limit. */
  public static final Setting MAX_LATENCY = new Setting("maxLatency", null, "duration, bare ms", "0",
      "latency quantile limit", durationAtLeast("ms", Duration.ZERO),
      (b, v) -> b.maxLatency((Duration) v), (t, v) -> t.maxLatency((Duration) v));
  /** Whether a tier honours the health check (tier-only). */
  public static final Setting HEALTH_CHECK = new Setting("healthCheck", null, "`true`/`false`", "true",
      "whether the tier honours the health check", ConfigParser::bool, null, (t, v) -> t.healthCheck((Boolean) v));
  /** Sample interval. */
  public static final Setting SAMPLE_INTERVAL = new Setting("sampleInterval", "SAMPLE_INTERVAL_MS",
      "duration, bare ms, at least `10ms`", "1s", "time between samples",
      durationAtLeast("ms", PressureMonitor.MIN_SAMPLE_INTERVAL), (b, v) -> b.sampleInterval((Duration) v), null);
  /** Latency quantile. */
  public static final Setting LATENCY_QUANTILE = new Setting("latencyQuantile", "LATENCY_QUANTILE",
      "number in (0, 1)", "0.999", "the quantile compared with maxLatency", Setting::quantile,
      (b, v) -> b.latencyQuantile((Double) v), null);
  /** Latency window length. */
  public static final Setting LATENCY_MAX_AGE = new Setting("latencyMaxAge", "LATENCY_MAX_AGE_SECONDS",
      "duration, bare s", "60s", "how long a request duration counts", durationAtLeast("s", Duration.ofMillis(1)),
      (b, v) -> b.latencyMaxAge((Duration) v), null);
  /** Latency window slices. */
  public static final Setting LATENCY_AGE_BUCKETS = new Setting("latencyAgeBuckets", "LATENCY_AGE_BUCKETS",
      "whole number in [1, 1000]", "5", "rotating slices of the window",
      (n, t) -> (int) ConfigParser.integer(n, t, 1, 1000), (b, v) -> b.latencyAgeBuckets((Integer) v), null);

  /** Fewest window samples before a latency limit can trip (0 in code means derived). */
  public static final Setting LATENCY_MIN_SAMPLES = new Setting("latencyMinSamples", null,
      "whole number in [1, 1000000000]", "1000",
      "samples the window must hold before maxLatency can trip",
      (n, t) -> ConfigParser.integer(n, t, 1, 1_000_000_000L), (b, v) -> b.latencyMinSamples((Long) v), null);

  /** Every setting, in the reference's order. */
  public static final List<Setting> ALL = List.of(MAX_EVENT_LOOP_DELAY, MAX_EVENT_LOOP_UTILIZATION,
      MAX_HEAP_USED_BYTES, MAX_RSS_BYTES, MAX_LATENCY, HEALTH_CHECK, SAMPLE_INTERVAL, LATENCY_QUANTILE,
      LATENCY_MAX_AGE, LATENCY_AGE_BUCKETS, LATENCY_MIN_SAMPLES);

  /**
   * A setting by init-param name.
   *
   * @param name the name
   * @return the setting, if there is one
   */
  public static Optional<Setting> named(String name) {
    return ALL.stream().filter(s -> s.name.equals(name)).findFirst();
  }

  /**
   * Parses {@code text} and applies it to a monitor builder.
   *
   * @param b the builder
   * @param reportAs the name errors carry (the init-param or environment variable)
   * @param text the text
   */
  public void applyTo(MonitorSettings<?> b, String reportAs, String text) {
    monitor.accept(b, parser.parse(reportAs, text));
  }

  /**
   * Parses {@code text} and applies it to a tier's thresholds.
   *
   * @param t the thresholds builder
   * @param reportAs the name errors carry
   * @param text the text
   */
  public void applyTo(Thresholds.Builder t, String reportAs, String text) {
    tier.accept(t, parser.parse(reportAs, text));
  }

  /**
   * Checks a value set in code against this setting's range (the builder's check), with this
   * setting's name in the error.
   *
   * @param d the duration
   * @param min the smallest allowed
   * @return {@code d}
   */
  public Duration atLeast(Duration d, Duration min) {
    if (d == null || d.compareTo(min) < 0) {
      throw ConfigParser.error(name, "a duration >= " + min.toMillis() + "ms", d);
    }
    return d;
  }

  private static Parser durationAtLeast(String bareUnit, Duration min) {
    return (n, t) -> ConfigParser.duration(n, t, bareUnit, min);
  }

  private static Object quantile(String name, String text) {
    double q = ConfigParser.decimal(name, text, 0, 1);
    if (q == 0 || q == 1) {
      throw ConfigParser.error(name, "a number in (0, 1) such as 0.999", text);
    }
    return q;
  }
}
