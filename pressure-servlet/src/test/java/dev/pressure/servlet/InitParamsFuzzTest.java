package dev.pressure.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pressure.PressureMonitor;
import dev.pressure.PressureType;
import dev.pressure.servlet.support.JsonReader;
import dev.pressure.servlet.support.Stubs;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link UnderPressureFilter#init(FilterConfig)} fed any init-params: start-up either succeeds
 * with a filter whose 503 answer is well-formed (valid JSON carrying the configured message,
 * header values free of CR/LF) or fails with a {@link ServletException} whose message is the
 * documented {@code <param>: <what is allowed>. Found: <value>} on one printable line, leaving
 * no monitor behind. Nothing else is thrown.
 *
 * <p>Input format (readable corpus files): {@code name=value} records separated by NUL bytes,
 * UTF-8. The class-valued params ({@code healthCheck}, {@code livenessCheck},
 * {@code pressureHandler}) are left out: loading a class the configuration names is their
 * purpose, so they are tested with real classes in the contract suite instead. Without
 * {@code JAZZER_FUZZ=1} this runs the committed corpus in
 * {@code src/test/resources/dev/pressure/servlet/InitParamsFuzzTestInputs/}.
 */
class InitParamsFuzzTest {

  private static final Set<String> CLASS_PARAMS = Set.of("healthCheck", "livenessCheck", "pressureHandler");

  @FuzzTest(maxDuration = "60s")
  void startUpSucceedsWithAWellFormedAnswerOrFailsWithTheDocumentedError(byte[] input) throws Exception {
    Map<String, String> params = params(new String(input, StandardCharsets.UTF_8));
    ServletContext context = context();
    UnderPressureFilter filter = new UnderPressureFilter();
    try {
      filter.init(config(params, context));
    } catch (ServletException e) {
      assertThat(e.getCause()).isExactlyInstanceOf(IllegalArgumentException.class);
      assertThat(e.getMessage()).isEqualTo(e.getCause().getMessage())
          .matches("(?s)[^:]+: .+\\. Found: .+")
          .doesNotContainPattern("[\\x00-\\x1f\\x7f\\u0080-\\u009f\\u2028\\u2029]");
      assertThat(PressureServletContext.monitor(context)).as("a failed start leaves no monitor").isNull();
      return;
    }
    try {
      PressureMonitor monitor = filter.monitor();
      assertThat(PressureServletContext.monitor(context)).isSameAs(monitor);
      assertThat(monitor.sampleInterval()).isGreaterThanOrEqualTo(PressureMonitor.MIN_SAMPLE_INTERVAL);

      Stubs.Response response = new Stubs.Response(false);
      assertThat(filter.shed(response, PressureType.STALE)).isTrue();
      assertThat(response.status).isEqualTo(503);
      assertThat(response.headers.get("Retry-After")).matches("[0-9]{1,19}");
      assertThat(response.headers.values()).allSatisfy(v -> assertThat(v).doesNotContain("\r", "\n"));
      Map<String, Object> body = JsonReader.object(response.body.toString(StandardCharsets.UTF_8));
      assertThat(body.keySet()).containsExactly("code", "error", "message", "statusCode", "type");
      assertThat(body.get("message")).isEqualTo(params.getOrDefault("message", UnderPressureFilter.DEFAULT_MESSAGE));
    } finally {
      filter.destroy();
    }
    assertThat(PressureServletContext.monitor(context)).as("destroy() closes and unpublishes its monitor").isNull();
  }

  /** {@code name=value} records separated by NUL; later duplicates win, as in a map. */
  static Map<String, String> params(String text) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String record : text.split("\u0000", -1)) {
      if (record.isEmpty()) {
        continue;
      }
      int eq = record.indexOf('=');
      String name = eq < 0 ? record : record.substring(0, eq);
      String value = eq < 0 ? "" : record.substring(eq + 1);
      if (!CLASS_PARAMS.contains(name)) {
        params.put(name, value);
      }
    }
    return params;
  }

  /** The attribute map and class loader of a context: all the filter's init() uses of it. */
  static ServletContext context() {
    Map<String, Object> attributes = new ConcurrentHashMap<>();
    return (ServletContext) Proxy.newProxyInstance(InitParamsFuzzTest.class.getClassLoader(),
        new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "getAttribute": return attributes.get((String) args[0]);
            case "setAttribute":
              attributes.put((String) args[0], args[1]);
              return null;
            case "removeAttribute":
              attributes.remove((String) args[0]);
              return null;
            case "getClassLoader": return InitParamsFuzzTest.class.getClassLoader();
            case "getContextPath": return "/app";
            case "getServletContextName": return null;
            case "hashCode": return System.identityHashCode(proxy);
            case "equals": return proxy == args[0];
            case "toString": return "fuzz context";
            default: throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  static FilterConfig config(Map<String, String> params, ServletContext context) {
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "pressure";
      }

      @Override
      public ServletContext getServletContext() {
        return context;
      }

      @Override
      public String getInitParameter(String name) {
        return params.get(name);
      }

      @Override
      public java.util.Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
      }
    };
  }
}
