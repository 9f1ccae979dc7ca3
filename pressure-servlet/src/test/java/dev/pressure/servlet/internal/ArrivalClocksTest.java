package dev.pressure.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.PressureMonitor;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which clock the filter starts with, decided once from the context and the monitor's clock. */
class ArrivalClocksTest {

  private static ServletContext context(String serverInfo, boolean throwing) {
    return (ServletContext) Proxy.newProxyInstance(ArrivalClocksTest.class.getClassLoader(),
        new Class<?>[] {ServletContext.class}, (p, m, a) -> {
          if (throwing) {
            throw new UnsupportedOperationException(m.getName());
          }
          return m.getName().equals("getServerInfo") ? serverInfo : null;
        });
  }

  @Test
  void theContainersClockOnJettyWithTheSystemClock() {
    try (PressureMonitor monitor = PressureMonitor.builder().build()) {
      assertThat(ArrivalClocks.usesSystemClock(monitor)).isTrue();
      assertThat(ArrivalClocks.select(context("jetty/12.0.16", false), monitor).name()).isEqualTo("jetty");
      assertThat(ArrivalClocks.select(context("Apache Tomcat/10.1.34", false), monitor).name()).isEqualTo("tomcat");
    }
  }

  @Test
  void theFiltersClockWhenTheMonitorHasAnInjectedClock() {
    AtomicLong fake = new AtomicLong(42);
    try (PressureMonitor monitor = PressureMonitor.builder().clock(fake::get).build()) {
      assertThat(ArrivalClocks.usesSystemClock(monitor)).isFalse();
      ArrivalClock clock = ArrivalClocks.select(context("jetty/12.0.16", false), monitor);
      assertThat(clock.name()).isEqualTo("filter");
      assertThat(clock.startNanos(null)).isEqualTo(42);
    }
  }

  @Test
  void theFiltersClockOnAnUnknownContainerOrAContextThatCannotSay() {
    try (PressureMonitor monitor = PressureMonitor.builder().build()) {
      assertThat(ArrivalClocks.select(context("Undertow/2", false), monitor).name()).isEqualTo("filter");
      assertThat(ArrivalClocks.select(context(null, true), monitor).name()).isEqualTo("filter");
    }
  }
}
