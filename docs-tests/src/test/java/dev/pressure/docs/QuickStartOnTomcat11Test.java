package dev.pressure.docs;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start, compiled from the README, registers a working filter and probes on
 * embedded Tomcat 11 (Servlet 6.1), the container the servlet module's suite does not cover
 * (it runs on Jetty 12 and Tomcat 10.1). Stopping Tomcat closes the monitor the filter made.
 */
class QuickStartOnTomcat11Test {

  @TempDir
  Path baseDir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void quickStartProtectsAnApplicationOnTomcat11() throws Exception {
    Class<?> quickStart = JavaSnippetsTest.compiledClass("README.md", "servlet-addFilter");
    Set<String> threadsBefore = monitorThreads();

    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setProperty("address", "127.0.0.1");
    connector.setPort(0);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.toString());
    context.addServletContainerInitializer((classes, servletContext) -> {
      runFragment(quickStart, servletContext);
      servletContext.addServlet("hello", new HelloServlet()).addMapping("/hello");
    }, null);
    tomcat.start();
    try {
      assertThat(ServerInfo.getServerNumber()).as("Tomcat version").startsWith("11.");
      assertThat(context.getServletContext().getMinorVersion()).as("Servlet 6.1").isEqualTo(1);
      int port = connector.getLocalPort();

      assertThat(get(port, "/hello").statusCode()).isEqualTo(200);
      assertThat(get(port, "/hello").body()).isEqualTo("hello");
      assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
      assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> status = get(port, "/status");
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).startsWith("{\"status\":\"ok\"").contains("\"readiness\":null");
      assertThat(monitorThreads()).as("the filter's monitor runs").isNotEqualTo(threadsBefore);
    } finally {
      tomcat.stop();
      tomcat.destroy();
    }
    assertThat(monitorThreads()).as("monitor threads after Tomcat stopped").isEqualTo(threadsBefore);
  }

  /** Runs a compiled fragment with its {@code ctx} set, as the README's prose says. */
  private static void runFragment(Class<?> fragment, ServletContext servletContext) {
    try {
      Constructor<?> constructor = fragment.getDeclaredConstructor();
      constructor.setAccessible(true);
      Object instance = constructor.newInstance();
      Field ctx = fragment.getDeclaredField("ctx");
      ctx.setAccessible(true);
      ctx.set(instance, servletContext);
      Method run = fragment.getDeclaredMethod("run");
      run.setAccessible(true);
      run.invoke(instance);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("running the README quick start", e);
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Set<String> monitorThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("pressure-")).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The application's own page behind the filter. */
  static final class HelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.getWriter().print("hello");
    }
  }
}
