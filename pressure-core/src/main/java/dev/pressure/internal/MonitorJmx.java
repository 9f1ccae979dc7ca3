package dev.pressure.internal;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureMonitorMXBean;
import dev.pressure.PressureReading;
import dev.pressure.PressureType;
import dev.pressure.Thresholds;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Registers a monitor's {@link PressureMonitorMXBean} and, in doing so, gives the monitor an id
 * unique in the JVM: the platform MBean server is shared by every class loader, so two web
 * applications that each carry pressure (each with its own counter) still get different names.
 * Without a usable MBean server the id comes from this class loader's counter alone.
 */
public final class MonitorJmx implements PressureMonitorMXBean {

  private static final AtomicInteger NEXT = new AtomicInteger();

  private final PressureMonitor monitor;
  private ObjectName name;

  private MonitorJmx(PressureMonitor monitor) {
    this.monitor = monitor;
  }

  /**
   * Registers the monitor's MXBean under the first free {@code <base>-<n>} (or {@code <n>}).
   *
   * @param monitor the monitor (its readers must work already)
   * @param base the monitor's name, or null
   * @return the registration, with the claimed id
   */
  public static Registration register(PressureMonitor monitor, String base) {
    MonitorJmx bean = new MonitorJmx(monitor);
    String prefix = base == null ? "" : base + "-";
    MBeanServer server;
    try {
      server = ManagementFactory.getPlatformMBeanServer();
    } catch (RuntimeException | LinkageError e) {
      return new Registration(prefix + NEXT.incrementAndGet(), null, null);
    }
    for (int attempt = 0; attempt < 10_000; attempt++) {
      String id = prefix + NEXT.incrementAndGet();
      try {
        ObjectName name = new ObjectName("dev.pressure:type=PressureMonitor,name=" + ObjectName.quote(id));
        server.registerMBean(new StandardMBean(bean, PressureMonitorMXBean.class, true), name);
        bean.name = name;
        return new Registration(id, server, name);
      } catch (InstanceAlreadyExistsException taken) {
        // Another class loader's monitor has it: try the next number.
      } catch (Exception | LinkageError e) {
        System.getLogger("dev.pressure").log(Level.INFO, "pressure: no JMX view for monitor " + id + ": " + e);
        return new Registration(id, null, null);
      }
    }
    return new Registration(prefix + NEXT.incrementAndGet(), null, null);
  }

  /**
   * A claimed id and where its MXBean is registered (null server when not registered).
   *
   * @param id the monitor's id
   * @param server the MBean server, or null
   * @param name the MXBean's name, or null
   */
  public record Registration(String id, MBeanServer server, ObjectName name) {
    /** Unregisters the MXBean (when it was registered); idempotent. */
    public void unregister() {
      if (server != null) {
        try {
          server.unregisterMBean(name);
        } catch (Exception e) {
          // Already gone.
        }
      }
    }
  }

  @Override
  public String getId() {
    return monitor.id();
  }

  @Override
  public long getSequence() {
    return monitor.snapshot().sequence();
  }

  @Override
  public double getSnapshotAgeMillis() {
    return monitor.read().ageMillis();
  }

  @Override
  public double getEventLoopDelayMillis() {
    return monitor.snapshot().value(PressureType.EVENT_LOOP_DELAY);
  }

  @Override
  public double getEventLoopUtilization() {
    return monitor.snapshot().value(PressureType.EVENT_LOOP_UTILIZATION);
  }

  @Override
  public double getHeapUsedBytes() {
    return monitor.snapshot().value(PressureType.HEAP_USED_BYTES);
  }

  @Override
  public double getRssBytes() {
    return monitor.snapshot().value(PressureType.RSS_BYTES);
  }

  @Override
  public boolean isHealthy() {
    return monitor.snapshot().healthy();
  }

  @Override
  public double getLatencyMillis() {
    return monitor.snapshot().value(PressureType.LATENCY);
  }

  @Override
  public Map<String, Double> getSignals() {
    return monitor.read().signals();
  }

  @Override
  public List<String> getTierNames() {
    return monitor.tierNames();
  }

  @Override
  public Map<String, String> getVerdicts() {
    PressureReading r = monitor.read();
    Map<String, String> out = new LinkedHashMap<>();
    r.verdicts().forEach((tier, type) -> out.put(tier, type == null ? "" : type.name()));
    return out;
  }

  @Override
  public Map<String, Double> thresholds(String tier) {
    Thresholds t = monitor.tier(tier).thresholds();
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("maxEventLoopDelayMillis", t.maxEventLoopDelayNanos() / 1e6);
    out.put("maxEventLoopUtilization", t.maxEventLoopUtilization());
    out.put("maxHeapUsedBytes", (double) t.maxHeapUsedBytes());
    out.put("maxRssBytes", (double) t.maxRssBytes());
    out.put("maxLatencyMillis", t.maxLatencyNanos() / 1e6);
    out.put("healthCheck", t.healthCheck() ? 1.0 : 0.0);
    t.maxSignals().forEach((signal, max) -> out.put("maxSignal." + signal, max));
    return out;
  }

  @Override
  public void setThreshold(String tier, String limit, double value) {
    Thresholds.Builder b = monitor.tier(tier).thresholds().toBuilder();
    switch (limit == null ? "" : limit) {
      case "maxEventLoopDelayMillis" -> b.maxEventLoopDelay(millis(limit, value));
      case "maxEventLoopUtilization" -> b.maxEventLoopUtilization(value);
      case "maxHeapUsedBytes" -> b.maxHeapUsedBytes(whole(limit, value));
      case "maxRssBytes" -> b.maxRssBytes(whole(limit, value));
      case "maxLatencyMillis" -> b.maxLatency(millis(limit, value));
      case "healthCheck" -> b.healthCheck(value != 0);
      default -> {
        if (limit == null || !limit.startsWith("maxSignal.")) {
          throw ConfigParser.error("limit", "one of " + thresholds(tier).keySet(), limit);
        }
        b.maxSignal(limit.substring("maxSignal.".length()), value);
      }
    }
    monitor.updateThresholds(tier, b.build());
  }

  private static Duration millis(String name, double ms) {
    if (!(ms >= 0) || Double.isInfinite(ms)) {
      throw ConfigParser.error(name, "a finite number of milliseconds >= 0", ms);
    }
    return Duration.ofNanos(Math.round(ms * 1e6));
  }

  private static long whole(String name, double v) {
    if (!(v >= 0) || v != Math.rint(v) || v > Long.MAX_VALUE) {
      throw ConfigParser.error(name, "a whole number >= 0", v);
    }
    return (long) v;
  }
}
