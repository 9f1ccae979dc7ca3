package dev.pressure.servlet.internal;

import dev.pressure.internal.ConfigParser;
import dev.pressure.admission.AdaptiveLimitConfig;
import dev.pressure.admission.AdmissionConfig;
import dev.pressure.admission.AdmissionGate;
import dev.pressure.admission.Criticality;
import dev.pressure.admission.QueueOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The filter's admission settings: the gate (or its {@link AdmissionConfig}) plus what only the
 * servlet side knows: where criticality and deadlines come from, the permit-leak warning and
 * {@code retryAfter=auto}. Parsed from init-params by {@link #parse} and set by the filter
 * builder through the same validating setters, so both give the same errors. The settings are
 * immutable once {@link Builder#build() built}.
 */
public final class AdmissionSettings {

  /** Default {@code permitLeakWarning}: 10 min. */
  public static final Duration DEFAULT_PERMIT_LEAK_WARNING = Duration.ofMinutes(10);
  /** Default {@code retryAfterMax}: 30 s. */
  public static final Duration DEFAULT_RETRY_AFTER_MAX = Duration.ofSeconds(30);
  /** The init-params read here ({@code criticality.<LEVEL>} besides). */
  public static final List<String> NAMES = List.of("maxConcurrentRequests", "maxQueuedRequests", "maxQueueTime",
      "permitLeakWarning", "criticalityHeader", "queueOrder", "codelInterval", "codelTarget", "deadlineHeader",
      "retryAfterMax", "minConcurrentRequests", "maxConcurrentRequestsLimit", "initialConcurrentRequests",
      "limitProbeInterval");
  /** The init-params that only apply with {@code maxConcurrentRequests=adaptive}. */
  public static final List<String> ADAPTIVE_NAMES = List.of("minConcurrentRequests", "maxConcurrentRequestsLimit",
      "initialConcurrentRequests", "limitProbeInterval");
  /** The {@code maxConcurrentRequests} value of an adaptive limit. */
  public static final String ADAPTIVE = "adaptive";
  /** Prefix of the path rules, {@code criticality.SHEDDABLE=/batch/*}. */
  public static final String CRITICALITY_PREFIX = "criticality.";
  /** No admission at all. */
  public static final AdmissionSettings OFF = builder().build();

  private static final String HEADER_ALLOWED = "an HTTP header name (letters, digits, '-', '_')";

  final AdmissionConfig config;
  final AdmissionGate gate;
  final long permitLeakWarningNanos;
  final String criticalityHeader;
  final ExcludedPaths[] criticalityPaths;
  final String deadlineHeader;
  final boolean retryAfterAuto;
  final long retryAfterMaxSeconds;

  private AdmissionSettings(Builder b) {
    this.gate = b.gate;
    this.config = b.gate != null ? b.gate.config() : b.config.build();
    this.permitLeakWarningNanos = b.permitLeakWarning.toNanos();
    this.criticalityHeader = b.criticalityHeader;
    this.criticalityPaths = new ExcludedPaths[Criticality.values().length];
    for (Criticality c : Criticality.values()) {
      criticalityPaths[c.ordinal()] = b.paths.getOrDefault(c, ExcludedPaths.NONE);
    }
    this.deadlineHeader = b.deadlineHeader;
    this.retryAfterAuto = b.retryAfterAuto;
    this.retryAfterMaxSeconds = b.retryAfterMax.getSeconds();
  }

  /** {@return a builder with every default (no gate)} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return whether a gate applies} */
  public boolean enabled() {
    return config.enabled();
  }

  /** {@return a new gate for these settings, or the one given to the builder; null when off} */
  public AdmissionGate gate() {
    return gate != null ? gate : enabled() ? AdmissionGate.create(config) : null;
  }

  /** {@return whether {@code retryAfter=auto}} */
  public boolean retryAfterAuto() {
    return retryAfterAuto;
  }

  /**
   * Whether {@code name} is read here.
   *
   * @param name an init-param name
   * @return true for {@link #NAMES} and {@code criticality.<LEVEL>}
   */
  public static boolean isAdmissionParam(String name) {
    return NAMES.contains(name) || name.startsWith(CRITICALITY_PREFIX);
  }

  /**
   * Validates the admission init-params among {@code params} (others are ignored).
   *
   * @param params name to text
   * @param retryAfterAuto whether {@code retryAfter} was {@code auto}
   * @return the settings
   * @throws IllegalArgumentException {@code <param>: <allowed>. Found: <value>}
   */
  public static AdmissionSettings parse(Map<String, String> params, boolean retryAfterAuto) {
    Builder b = builder();
    AdaptiveLimitConfig adaptive = adaptive(params);
    if (adaptive != null) {
      b.config.adaptive(adaptive);
    }
    for (Map.Entry<String, String> e : params.entrySet()) {
      String name = e.getKey();
      String text = e.getValue();
      switch (name) {
        case "maxConcurrentRequests":
          if (adaptive == null) {
            b.config.maxConcurrentRequests(maxConcurrent(text));
          }
          break;
        case "minConcurrentRequests", "maxConcurrentRequestsLimit", "initialConcurrentRequests",
            "limitProbeInterval":
          break; // read by adaptive(params)
        case "maxQueuedRequests":
          b.config.maxQueuedRequests(count(name, text));
          break;
        case "maxQueueTime":
          b.config.maxQueueTime(ConfigParser.duration(name, text, "ms", Duration.ofMillis(1)));
          break;
        case "codelInterval":
          b.config.codelInterval(ConfigParser.duration(name, text, "ms", Duration.ofMillis(1)));
          break;
        case "codelTarget":
          b.config.codelTarget(ConfigParser.duration(name, text, "ms", Duration.ofMillis(1)));
          break;
        case "queueOrder":
          QueueOrder order = QueueOrder.parse(text);
          if (order == null) {
            throw ConfigParser.error(name, "fifo or adaptive-lifo", text);
          }
          b.config.queueOrder(order);
          break;
        case "permitLeakWarning":
          b.permitLeakWarning(ConfigParser.duration(name, text, "s", Duration.ofMillis(1)));
          break;
        case "retryAfterMax":
          b.retryAfterMax(ConfigParser.duration(name, text, "s", Duration.ofSeconds(1)));
          break;
        case "criticalityHeader":
          b.criticalityHeader(text);
          break;
        case "deadlineHeader":
          b.deadlineHeader(text);
          break;
        default:
          if (name.startsWith(CRITICALITY_PREFIX)) {
            Criticality c = Criticality.parse(name.substring(CRITICALITY_PREFIX.length()));
            if (c == null || !name.substring(CRITICALITY_PREFIX.length()).equals(c.name())) {
              throw ConfigParser.error(name, "criticality.<LEVEL> with LEVEL one of "
                  + Arrays.toString(Criticality.values()), text);
            }
            b.paths.put(c, ExcludedPaths.parse(name, text));
          }
      }
    }
    b.retryAfterAuto = retryAfterAuto;
    return b.build();
  }

  /** The adaptive limit's settings when {@code maxConcurrentRequests=adaptive}, else null (and no bound set). */
  private static AdaptiveLimitConfig adaptive(Map<String, String> params) {
    String max = params.get("maxConcurrentRequests");
    if (max == null || !max.trim().equals(ADAPTIVE)) {
      for (String name : ADAPTIVE_NAMES) {
        if (params.containsKey(name)) {
          throw ConfigParser.error(name, "only with maxConcurrentRequests=adaptive", params.get(name));
        }
      }
      return null;
    }
    AdaptiveLimitConfig.Builder b = AdaptiveLimitConfig.builder();
    String text = params.get("minConcurrentRequests");
    if (text != null) {
      b.minLimit((int) ConfigParser.integer("minConcurrentRequests", text, 1, AdmissionConfig.MAX_BOUND));
    }
    text = params.get("maxConcurrentRequestsLimit");
    if (text != null) {
      b.maxLimit((int) ConfigParser.integer("maxConcurrentRequestsLimit", text, 1, AdmissionConfig.MAX_BOUND));
    }
    text = params.get("initialConcurrentRequests");
    if (text != null) {
      b.initialLimit((int) ConfigParser.integer("initialConcurrentRequests", text, 1, AdmissionConfig.MAX_BOUND));
    }
    text = params.get("limitProbeInterval");
    if (text != null) {
      b.probeInterval(ConfigParser.duration("limitProbeInterval", text, "s", Duration.ofSeconds(1)));
    }
    return b.build();
  }

  private static int maxConcurrent(String text) {
    try {
      return count("maxConcurrentRequests", text);
    } catch (IllegalArgumentException e) {
      throw ConfigParser.error("maxConcurrentRequests", "a whole number in [0, " + AdmissionConfig.MAX_BOUND
          + "] or " + ADAPTIVE, text);
    }
  }

  private static int count(String name, String text) {
    return (int) ConfigParser.integer(name, text, 0, AdmissionConfig.MAX_BOUND);
  }

  /**
   * Validating builder; every setter refuses bad input at once. Not thread-safe.
   */
  public static final class Builder {
    private final AdmissionConfig.Builder config = AdmissionConfig.builder();
    private AdmissionGate gate;
    private Duration permitLeakWarning = DEFAULT_PERMIT_LEAK_WARNING;
    private String criticalityHeader;
    private final Map<Criticality, ExcludedPaths> paths = new EnumMap<>(Criticality.class);
    private String deadlineHeader;
    private boolean retryAfterAuto;
    private Duration retryAfterMax = DEFAULT_RETRY_AFTER_MAX;

    private Builder() {}

    /**
     * @param c the gate's settings (a new gate is made)
     * @return this builder
     */
    public Builder config(AdmissionConfig c) {
      if (c == null) {
        throw ConfigParser.error("admission", "an AdmissionConfig", null);
      }
      config.maxConcurrentRequests(c.maxConcurrentRequests()).maxQueuedRequests(c.maxQueuedRequests())
          .maxQueueTime(c.maxQueueTime()).queueOrder(c.queueOrder()).codelInterval(c.codelInterval())
          .codelTarget(c.codelTarget());
      if (c.adaptive()) {
        config.adaptive(c.adaptiveLimit());
      }
      gate = null;
      return this;
    }

    /**
     * @param g a gate shared with other code (its signals already on a monitor, say)
     * @return this builder
     */
    public Builder gate(AdmissionGate g) {
      if (g == null) {
        throw ConfigParser.error("admission", "an AdmissionGate", null);
      }
      gate = g;
      return this;
    }

    /**
     * @param d at least 1 ms
     * @return this builder
     */
    public Builder permitLeakWarning(Duration d) {
      if (d == null || d.compareTo(Duration.ofMillis(1)) < 0) {
        throw ConfigParser.error("permitLeakWarning", "a duration >= 1ms", d);
      }
      permitLeakWarning = d;
      return this;
    }

    /**
     * @param name a header a trusted gateway sets
     * @return this builder
     */
    public Builder criticalityHeader(String name) {
      criticalityHeader = header("criticalityHeader", name);
      return this;
    }

    /**
     * @param level the level
     * @param patterns exact or prefix path patterns
     * @return this builder
     */
    public Builder criticality(Criticality level, List<String> patterns) {
      if (level == null || patterns == null) {
        throw ConfigParser.error("criticality", "a level and path patterns", null);
      }
      String name = CRITICALITY_PREFIX + level.name();
      paths.put(level, ExcludedPaths.of(name, new ArrayList<>(patterns)));
      return this;
    }

    /**
     * @param name the header carrying the client's remaining time
     * @return this builder
     */
    public Builder deadlineHeader(String name) {
      deadlineHeader = header("deadlineHeader", name);
      return this;
    }

    /**
     * @param auto whether {@code Retry-After} is computed from the drain rate
     * @return this builder
     */
    public Builder retryAfterAuto(boolean auto) {
      retryAfterAuto = auto;
      return this;
    }

    /**
     * @param max whole seconds, at least 1 s
     * @return this builder
     */
    public Builder retryAfterMax(Duration max) {
      if (max == null || max.compareTo(Duration.ofSeconds(1)) < 0 || max.getNano() != 0) {
        throw ConfigParser.error("retryAfterMax", "whole seconds >= 1 such as 30s", max);
      }
      retryAfterMax = max;
      return this;
    }

    /**
     * Checks the settings together.
     *
     * @return the settings
     */
    public AdmissionSettings build() {
      AdmissionSettings s = new AdmissionSettings(this);
      if (!s.enabled()) {
        String dependent = retryAfterAuto ? "retryAfter" : criticalityHeader != null ? "criticalityHeader"
            : deadlineHeader != null ? "deadlineHeader" : !paths.isEmpty() ? CRITICALITY_PREFIX + "<LEVEL>" : null;
        if (dependent != null) {
          throw ConfigParser.error(dependent, (retryAfterAuto ? "auto " : "") + "only with maxConcurrentRequests > 0",
              retryAfterAuto ? "auto" : dependent.equals("criticalityHeader") ? criticalityHeader
                  : dependent.equals("deadlineHeader") ? deadlineHeader : paths.keySet().toString());
        }
      }
      return s;
    }

    private static String header(String setting, String name) {
      if (name == null || !name.trim().matches("[A-Za-z0-9_-]{1,100}")) {
        throw ConfigParser.error(setting, HEADER_ALLOWED, name);
      }
      return name.trim().toLowerCase(Locale.ROOT);
    }
  }
}
