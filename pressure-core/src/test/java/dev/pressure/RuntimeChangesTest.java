package dev.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thresholds changed while the monitor runs, from code and from JMX. */
class RuntimeChangesTest {

  @TempDir
  Path dir;

  @Test
  void updateThresholdsSwapsTheLimitsJudgesTheLatestSnapshotAgainAndTellsListeners() {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      List<String> heard = new CopyOnWriteArrayList<>();
      PressureMonitor m = f.build(b -> b.signal("queue", () -> 5)
          .tier("readiness", Thresholds.builder().maxSignal("queue", 10).build())
          .listener((tier, before, after, s) -> heard.add(tier + ":" + before + "->" + after)));
      f.sample(m);
      assertThat(m.tier("readiness").check()).isNull();

      m.updateThresholds("readiness", Thresholds.builder().maxSignal("queue", 4).build());

      assertThat(m.tier("readiness").thresholds().maxSignals()).containsEntry("queue", 4.0);
      assertThat(m.tier("readiness").check()).as("at once, before the next sample")
          .isEqualTo(PressureType.signal("queue"));
      assertThat(heard).containsExactly("readiness:null->queue");
      assertThat(m.config().tiers().get("readiness").maxSignals()).as("the config stays as started")
          .containsEntry("queue", 10.0);
      assertThatThrownBy(() -> m.updateThresholds("readiness", Thresholds.builder().maxSignal("nope", 1).build()))
          .hasMessage("tier readiness maxSignal: the name of a signal registered with the monitor [queue]. Found: \"nope\"");
      assertThatThrownBy(() -> m.updateThresholds("nope", Thresholds.NONE))
          .hasMessage("tier: one of [default, readiness]. Found: \"nope\"");
      assertThat(m.tier("readiness").thresholds().maxSignals()).as("a refused change changes nothing")
          .containsEntry("queue", 4.0);
    }
  }

  @Test
  void eachMonitorHasAnMXBeanWithItsValuesVerdictsAndWritableThresholds() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try (MonitorFixture f = new MonitorFixture(dir)) {
      PressureMonitor m = f.build(b -> b.name("jmx").maxHeapUsedBytes(2_000)
          .tier("readiness", Thresholds.builder().maxHeapUsedBytes(5_000).build()));
      ObjectName name = new ObjectName("dev.pressure:type=PressureMonitor,name=\"" + m.id() + "\"");
      assertThat(server.isRegistered(name)).isTrue();
      assertThat(server.getAttribute(name, "Sequence")).isEqualTo(0L);
      assertThat((Double) server.getAttribute(name, "HeapUsedBytes")).as("not sampled yet").isNaN();

      f.heapUsed.set(3_000);
      f.sample(m);
      assertThat(server.getAttribute(name, "HeapUsedBytes")).isEqualTo(3_000.0);
      assertThat(verdicts(server.getAttribute(name, "Verdicts")))
          .containsEntry("default", "heapUsedBytes").containsEntry("readiness", "");

      server.invoke(name, "setThreshold", new Object[] {"readiness", "maxHeapUsedBytes", 1_000.0},
          new String[] {String.class.getName(), String.class.getName(), double.class.getName()});
      assertThat(m.tier("readiness").thresholds().maxHeapUsedBytes()).isEqualTo(1_000);
      assertThat(m.tier("readiness").check()).isEqualTo(PressureType.HEAP_USED_BYTES);
      Object limits = server.invoke(name, "thresholds", new Object[] {"readiness"}, new String[] {String.class.getName()});
      assertThat(verdicts(limits)).containsEntry("maxHeapUsedBytes", "1000.0");

      m.close();
      assertThat(server.isRegistered(name)).as("unregistered on close").isFalse();
    }
  }

  @Test
  void idsAreUniqueInTheJvmEvenWhenAnotherClassLoaderTookTheNames() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    // Another web application's copy of pressure (its own counter) holds these names.
    List<ObjectName> taken = new CopyOnWriteArrayList<>();
    try (MonitorFixture f = new MonitorFixture(dir)) {
      PressureMonitor probe = f.build(b -> b.name("twin"));
      int next = Integer.parseInt(probe.id().substring("twin-".length())) + 1;
      for (int n = next; n < next + 20; n++) {
        ObjectName name = new ObjectName("dev.pressure:type=PressureMonitor,name=\"twin-" + n + "\"");
        PressureMonitorMXBean other = (PressureMonitorMXBean) java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {PressureMonitorMXBean.class}, (proxy, method, args) -> null);
        server.registerMBean(new javax.management.StandardMBean(other, PressureMonitorMXBean.class, true), name);
        taken.add(name);
      }
      PressureMonitor m = f.build(b -> b.name("twin"));
      assertThat(taken).noneMatch(n -> n.getKeyProperty("name").equals("\"" + m.id() + "\""));
      assertThat(m.id()).startsWith("twin-").isNotEqualTo(probe.id());
    } finally {
      for (ObjectName n : taken) {
        server.unregisterMBean(n);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> verdicts(Object tabular) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (CompositeData row : (java.util.Collection<CompositeData>) ((TabularData) tabular).values()) {
      out.put((String) row.get("key"), String.valueOf(row.get("value")));
    }
    return out;
  }
}
