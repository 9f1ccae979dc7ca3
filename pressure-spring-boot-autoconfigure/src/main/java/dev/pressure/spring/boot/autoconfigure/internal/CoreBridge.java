package dev.pressure.spring.boot.autoconfigure.internal;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureReading;
import dev.pressure.PressureType;
import dev.pressure.Thresholds;
import dev.pressure.Tier;
import dev.pressure.admission.AdmissionConfig;
import dev.pressure.admission.QueueOrder;
import dev.pressure.servlet.PressureServletContext;
import dev.pressure.servlet.UnderPressureFilter;
import dev.pressure.spring.boot.autoconfigure.InvalidPressurePropertyException;
import dev.pressure.spring.boot.autoconfigure.PressureMonitorCustomizer;
import dev.pressure.spring.boot.autoconfigure.PressureProperties;
import dev.pressure.spring.boot.autoconfigure.TierProperties;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every call the starter makes into pressure-core and pressure-servlet beyond reading snapshots:
 * properties to builders, tier judgement, draining. One class, so a change of the library's API
 * is adapted here. Each builder call is made under the name of the property it comes from, so a
 * value the library refuses fails start-up with {@code pressure.<name>: <allowed>. Found: <value>}.
 *
 * <p>To add a property for a new builder option: one field in {@link PressureProperties} and one
 * {@code apply} line here. Stateless.
 */
public final class CoreBridge {

  private CoreBridge() {}

  /**
   * Builds and starts the monitor from the properties, then the customizers.
   *
   * @param p the properties
   * @param customizers applied in order after the properties
   * @return the monitor, sampling
   * @throws InvalidPressurePropertyException naming the property the library refused
   */
  public static PressureMonitor monitor(PressureProperties p, List<PressureMonitorCustomizer> customizers) {
    PressureMonitor.Builder b = PressureMonitor.builder();
    apply("pressure.sample-interval", () -> b.sampleInterval(p.getSampleInterval()));
    apply("pressure.max-event-loop-delay", () -> b.maxEventLoopDelay(p.getMaxEventLoopDelay()));
    apply("pressure.max-event-loop-utilization", () -> b.maxEventLoopUtilization(p.getMaxEventLoopUtilization()));
    apply("pressure.max-heap-used-bytes", () -> b.maxHeapUsedBytes(p.getMaxHeapUsedBytes().toBytes()));
    apply("pressure.max-rss-bytes", () -> b.maxRssBytes(p.getMaxRssBytes().toBytes()));
    apply("pressure.max-latency", () -> b.maxLatency(p.getMaxLatency()));
    apply("pressure.latency-quantile", () -> b.latencyQuantile(p.getLatencyQuantile()));
    apply("pressure.latency-max-age", () -> b.latencyMaxAge(p.getLatencyMaxAge()));
    apply("pressure.latency-age-buckets", () -> b.latencyAgeBuckets(p.getLatencyAgeBuckets()));
    if (p.getLatencyMinSamples() != null) { // unset: the library derives it from the quantile
      apply("pressure.latency-min-samples", () -> b.latencyMinSamples(p.getLatencyMinSamples()));
    }
    for (Map.Entry<String, Double> e : p.getMaxSignals().entrySet()) {
      apply("pressure.max-signals." + e.getKey(), () -> b.maxSignal(e.getKey(), e.getValue()));
    }
    for (Map.Entry<String, TierProperties> e : p.getTiers().entrySet()) {
      String name = e.getKey();
      Thresholds t = thresholds("pressure.tiers." + name + ".", e.getValue());
      apply("pressure.tiers." + name, () -> b.tier(name, t));
    }
    for (PressureMonitorCustomizer c : customizers) {
      c.customize(b);
    }
    // build() checks what spans settings, e.g. a tier's max-signals naming a signal no customizer registered.
    PressureMonitor[] built = new PressureMonitor[1];
    apply("pressure.tiers", () -> built[0] = b.build());
    return built[0];
  }

  private static Thresholds thresholds(String prefix, TierProperties t) {
    Thresholds.Builder b = Thresholds.builder();
    apply(prefix + "max-event-loop-delay", () -> b.maxEventLoopDelay(t.getMaxEventLoopDelay()));
    apply(prefix + "max-event-loop-utilization", () -> b.maxEventLoopUtilization(t.getMaxEventLoopUtilization()));
    apply(prefix + "max-heap-used-bytes", () -> b.maxHeapUsedBytes(t.getMaxHeapUsedBytes().toBytes()));
    apply(prefix + "max-rss-bytes", () -> b.maxRssBytes(t.getMaxRssBytes().toBytes()));
    apply(prefix + "max-latency", () -> b.maxLatency(t.getMaxLatency()));
    apply(prefix + "health-check", () -> b.healthCheck(t.isHealthCheck()));
    for (Map.Entry<String, Double> e : t.getMaxSignals().entrySet()) {
      apply(prefix + "max-signals." + e.getKey(), () -> b.maxSignal(e.getKey(), e.getValue()));
    }
    return b.build();
  }

  /**
   * The shedding filter on the monitor's default tier.
   *
   * @param monitor the monitor
   * @param p the properties
   * @param alwaysExcluded paths excluded whatever the properties say (the Actuator's)
   * @return the filter
   * @throws InvalidPressurePropertyException naming the property the library refused
   */
  public static UnderPressureFilter filter(PressureMonitor monitor, PressureProperties p, List<String> alwaysExcluded) {
    UnderPressureFilter.Builder b = UnderPressureFilter.builder(monitor);
    apply("pressure.retry-after", () -> b.retryAfter(p.getRetryAfter()));
    apply("pressure.message", () -> b.message(p.getMessage()));
    List<String> excluded = new ArrayList<>(p.getExcludePaths());
    excluded.addAll(alwaysExcluded);
    apply("pressure.exclude-paths", () -> b.excludePaths(excluded.toArray(new String[0])));
    b.admission(admission(p));
    if (p.getCriticalityHeader() != null) {
      apply("pressure.criticality-header", () -> b.criticalityHeader(p.getCriticalityHeader()));
    }
    if (p.getDeadlineHeader() != null) {
      apply("pressure.deadline-header", () -> b.deadlineHeader(p.getDeadlineHeader()));
    }
    apply("pressure.permit-leak-warning", () -> b.permitLeakWarning(p.getPermitLeakWarning()));
    // build() checks settings that depend on each other (a header needs the gate); the message names the setting.
    UnderPressureFilter[] built = new UnderPressureFilter[1];
    applyNamed(() -> built[0] = b.build());
    return built[0];
  }

  private static AdmissionConfig admission(PressureProperties p) {
    AdmissionConfig.Builder b = AdmissionConfig.builder();
    apply("pressure.max-concurrent-requests", () -> b.maxConcurrentRequests(p.getMaxConcurrentRequests()));
    apply("pressure.max-queued-requests", () -> b.maxQueuedRequests(p.getMaxQueuedRequests()));
    apply("pressure.max-queue-time", () -> b.maxQueueTime(p.getMaxQueueTime()));
    apply("pressure.queue-order", () -> b.queueOrder(queueOrder(p.getQueueOrder())));
    apply("pressure.codel-interval", () -> b.codelInterval(p.getCodelInterval()));
    apply("pressure.codel-target", () -> b.codelTarget(p.getCodelTarget()));
    AdmissionConfig[] built = new AdmissionConfig[1];
    applyNamed(() -> built[0] = b.build()); // e.g. max-queued-requests without max-concurrent-requests
    return built[0];
  }

  private static QueueOrder queueOrder(String text) {
    QueueOrder order = QueueOrder.parse(text);
    if (order == null) {
      throw new IllegalArgumentException("queueOrder: fifo or adaptive-lifo. Found: " + text);
    }
    return order;
  }

  /**
   * The tier the readiness indicator judges: the named one, else the default tier.
   *
   * @param monitor the monitor
   * @param name {@code pressure.readiness-tier}
   * @return the tier
   */
  public static Tier readinessTier(PressureMonitor monitor, String name) {
    return monitor.tierNames().contains(name) ? monitor.tier(name) : monitor.defaultTier();
  }

  /**
   * Takes one reading of the monitor now (one snapshot, each live signal read once, every tier
   * judged on those), so a health response's verdict and value agree.
   *
   * @param monitor the monitor
   * @return the reading
   */
  public static PressureReading read(PressureMonitor monitor) {
    return monitor.read();
  }

  /**
   * A tier's verdict on a reading, live signals and staleness included.
   *
   * @param reading from {@link #read(PressureMonitor)}
   * @param tier the tier
   * @return the type that puts it under pressure, or null
   */
  public static PressureType judge(PressureReading reading, Tier tier) {
    return reading.verdict(tier.name());
  }

  /**
   * Starts draining: the filter answers 503 to new work from now on.
   *
   * @param context the web application's servlet context
   */
  public static void drain(ServletContext context) {
    PressureServletContext.drain(context);
  }

  /**
   * Runs a check that spans settings, naming the property after the setting the library's
   * message starts with ({@code maxQueuedRequests: ...} is {@code pressure.max-queued-requests}).
   */
  private static void applyNamed(Runnable call) {
    try {
      call.run();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      int colon = message.indexOf(": ");
      String setting = colon < 0 ? "" : message.substring(0, colon);
      String property = setting.matches("[A-Za-z]+") ? "pressure." + kebab(setting) : "pressure";
      String rest = colon < 0 ? message : message.substring(colon + 2);
      throw new InvalidPressurePropertyException(property, property + ": " + rest, e);
    }
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private static void apply(String property, Runnable call) {
    try {
      call.run();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      int colon = message.indexOf(": ");
      String rest = colon < 0 ? message : message.substring(colon + 2);
      throw new InvalidPressurePropertyException(property, property + ": " + rest, e);
    }
  }
}
