package dev.pressure.servlet.internal;

import dev.pressure.internal.ConfigParser;
import dev.pressure.internal.Setting;
import dev.pressure.HealthCheck;
import dev.pressure.PressureMonitor;
import dev.pressure.Thresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the monitor's init-params or context-params (under-pressure's option names plus the
 * latency window, see {@link #NAMES}) into a {@link PressureMonitor.Builder}, validating every
 * value before anything starts. Also accepts one threshold set per extra tier as
 * {@code <tier>.<limit>}, e.g. {@code readiness.maxLatency=400ms}. Stateless and thread-safe.
 */
public final class MonitorParams {

  /** How often a health or liveness check runs when no interval is given. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);

  /** Names that configure the monitor (and its default tier): the settings table's, plus the checks. */
  public static final List<String> NAMES = names();

  /** Tier limits on the admission gate's live signals, to the signal each one bounds. */
  private static final Map<String, String> GATE_LIMITS = Map.of("maxInFlight", "inFlight", "maxQueued", "queued",
      "maxSaturation", "saturation");

  /** Limits an extra tier takes as {@code <tier>.<limit>}: the table's tier settings and the gate's. */
  public static final List<String> TIER_LIMITS = Stream.concat(
      Setting.ALL.stream().filter(s -> s.tier() != null).map(Setting::name),
      GATE_LIMITS.keySet().stream().sorted()).collect(Collectors.toUnmodifiableList());


  private static List<String> names() {
    List<String> names = new ArrayList<>();
    Setting.ALL.stream().filter(s -> s.monitor() != null).forEach(s -> names.add(s.name()));
    names.addAll(List.of("healthCheck", "healthCheckInterval", "livenessCheck", "livenessCheckInterval"));
    return List.copyOf(names);
  }

  private MonitorParams() {}

  /**
   * Whether {@code name} configures the monitor.
   *
   * @param name a parameter name
   * @return true for {@link #NAMES} and {@code <tier>.<limit>}
   */
  public static boolean isMonitorParam(String name) {
    return NAMES.contains(name) || isTierParam(name);
  }

  private static boolean isTierParam(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 && TIER_LIMITS.contains(name.substring(dot + 1));
  }

  /** A validated configuration, nothing started yet. */
  public static final class Parsed {
    private final PressureMonitor.Builder builder;
    private final boolean latencyLimited;

    Parsed(PressureMonitor.Builder builder, boolean latencyLimited) {
      this.builder = builder;
      this.latencyLimited = latencyLimited;
    }

    /** {@return whether some tier has a {@code maxLatency} (someone must record latency)} */
    public boolean latencyLimited() {
      return latencyLimited;
    }

    /**
     * Starts the monitor.
     *
     * @param name the monitor's name (thread and JMX names), e.g. {@link ContextName#of}
     * @return a started monitor; the caller closes it
     */
    public PressureMonitor start(String name) {
      return builder.name(name).build();
    }
  }

  /**
   * Validates the monitor parameters among {@code params} (others are ignored).
   *
   * @param params parameter name to text
   * @param loader the web application's class loader, for {@code healthCheck}/{@code livenessCheck}
   * @return the validated configuration
   * @throws IllegalArgumentException {@code <param>: <what is allowed>. Found: <value>}
   */
  public static Parsed parse(Map<String, String> params, ClassLoader loader) {
    return parse(params, loader, Map.of());
  }

  /**
   * Validates the monitor parameters among {@code params} and registers {@code liveSignals}
   * (the admission gate's), which {@code <tier>.maxInFlight}, {@code maxQueued} and
   * {@code maxSaturation} bound.
   *
   * @param params parameter name to text
   * @param loader the web application's class loader
   * @param liveSignals signal name to source, registered as live signals
   * @return the validated configuration
   * @throws IllegalArgumentException {@code <param>: <what is allowed>. Found: <value>}
   */
  public static Parsed parse(Map<String, String> params, ClassLoader loader,
      Map<String, java.util.function.DoubleSupplier> liveSignals) {
    PressureMonitor.Builder b = PressureMonitor.builder();
    liveSignals.forEach(b::liveSignal);
    Map<String, Thresholds.Builder> tiers = new LinkedHashMap<>();
    boolean latencyLimited = false;
    for (Map.Entry<String, String> e : params.entrySet()) {
      String name = e.getKey();
      String text = e.getValue();
      if (NAMES.contains(name)) {
        number(b, name, text);
        latencyLimited |= name.equals(Setting.MAX_LATENCY.name())
            && !((Duration) Setting.MAX_LATENCY.parser().parse(name, text)).isZero();
        continue;
      }
      if (!isTierParam(name)) {
        continue;
      }
      int dot = name.lastIndexOf('.');
      String tier = name.substring(0, dot);
      if (!Setting.TIER_NAME.matcher(tier).matches() || tier.equals(PressureMonitor.DEFAULT_TIER)) {
        throw ConfigParser.error(name, "<tier>.<limit> where the tier name is " + Setting.TIER_NAME_RULE, text);
      }
      Thresholds.Builder t = tiers.computeIfAbsent(tier, k -> Thresholds.builder());
      String signal = GATE_LIMITS.get(name.substring(dot + 1));
      if (signal != null) {
        if (!liveSignals.containsKey(signal)) {
          throw ConfigParser.error(name, "only with maxConcurrentRequests > 0 (it bounds the admission gate's "
              + signal + ")", text);
        }
        t.maxSignal(signal, ConfigParser.decimal(name, text, 0, 1e9));
        continue;
      }
      latencyLimited |= tierLimit(t, name, name.substring(dot + 1), text);
    }
    requireTogether(params, "healthCheckInterval", "healthCheck");
    requireTogether(params, "livenessCheckInterval", "livenessCheck");
    // User classes last: their constructors run only once every other value is valid.
    if (params.containsKey("healthCheck")) {
      b.healthCheck(ClassParam.instantiate("healthCheck", params.get("healthCheck"), HealthCheck.class, loader),
          interval(params, "healthCheckInterval"));
    }
    if (params.containsKey("livenessCheck")) {
      b.livenessCheck(ClassParam.instantiate("livenessCheck", params.get("livenessCheck"), HealthCheck.class, loader),
          interval(params, "livenessCheckInterval"));
    }
    for (Map.Entry<String, Thresholds.Builder> t : tiers.entrySet()) {
      b.tier(t.getKey(), t.getValue().build());
    }
    return new Parsed(b, latencyLimited);
  }

  /** Applies a top-level setting from the table; the check classes are applied after every number is valid. */
  private static void number(PressureMonitor.Builder b, String name, String text) {
    Optional<Setting> setting = Setting.named(name).filter(st -> st.monitor() != null);
    if (setting.isPresent()) {
      setting.get().applyTo(b, name, text);
    } else if (name.equals("healthCheckInterval") || name.equals("livenessCheckInterval")) {
      interval(Map.of(name, text), name); // validate now, apply with the check
    }
  }

  private static boolean tierLimit(Thresholds.Builder t, String name, String limit, String text) {
    Setting setting = Setting.named(limit).filter(st -> st.tier() != null).orElseThrow(() -> new AssertionError(limit));
    Object value = setting.parser().parse(name, text);
    setting.tier().accept(t, value);
    return setting == Setting.MAX_LATENCY && !((Duration) value).isZero();
  }

  private static Duration interval(Map<String, String> params, String name) {
    String text = params.get(name);
    return text == null ? DEFAULT_CHECK_INTERVAL : ConfigParser.duration(name, text, "ms", Duration.ofMillis(1));
  }

  private static void requireTogether(Map<String, String> params, String name, String with) {
    if (params.containsKey(name) && !params.containsKey(with)) {
      throw ConfigParser.error(name, "set only together with " + with, params.get(name));
    }
  }

  /**
   * The monitor parameters among {@code params}.
   *
   * @param params parameter name to text
   * @return the names that configure the monitor, in order
   */
  public static List<String> present(Map<String, String> params) {
    List<String> names = new ArrayList<>();
    for (String name : params.keySet()) {
      if (isMonitorParam(name)) {
        names.add(name);
      }
    }
    return names;
  }
}
