package dev.pressure.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** The monitor name a web application gets: what its threads and JMX name carry. */
class ContextNameTest {

  private static ServletContext context(String displayName, String path) {
    return (ServletContext) Proxy.newProxyInstance(ContextNameTest.class.getClassLoader(),
        new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getServletContextName" -> displayName;
          case "getContextPath" -> path;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void theDisplayNameWinsThenTheContextPathThenRoot() {
    assertThat(ContextName.of(context("Shop front", "/shop"))).isEqualTo("Shop-front");
    assertThat(ContextName.of(context(null, "/shop/v2"))).isEqualTo("shop-v2");
    assertThat(ContextName.of(context(" ", ""))).isEqualTo("ROOT");
    assertThat(ContextName.of(context(null, "/" + "x".repeat(100)))).hasSize(64);
    assertThat(ContextName.of(context("ü/ö", "/a"))).as("nothing left of the display name").isEqualTo("a");
  }
}
