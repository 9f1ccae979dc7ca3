package dev.pressure.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import dev.pressure.servlet.support.Deployment;
import dev.pressure.servlet.support.Http;
import dev.pressure.servlet.support.JettyContainer;
import dev.pressure.servlet.support.Threads;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redeploys a web application that carries pressure in its own {@code WEB-INF/lib} 100 times
 * on one Jetty 12 server: each deployment's {@code WebAppClassLoader} defines the filter, the
 * monitor and the probes itself (as in a real WAR), the filter creates and closes its own
 * monitor from init-params. Afterwards no {@code pressure-} thread is left and every one of
 * the 100 class loaders is garbage-collectable: nothing (a thread, its context class loader,
 * a static cache, a logger) holds on to an undeployed application.
 */
class RedeployLeakTest {

  private static final int REDEPLOYS = 100;
  private static final String WEB_XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n"
      + "  <filter><filter-name>pressure</filter-name>\n"
      + "    <filter-class>dev.pressure.servlet.UnderPressureFilter</filter-class>\n"
      + "    <async-supported>true</async-supported>\n"
      + "    <init-param><param-name>sampleInterval</param-name><param-value>10ms</param-value></init-param>\n"
      + "    <init-param><param-name>maxHeapUsedBytes</param-name><param-value>64GiB</param-value></init-param>\n"
      + "    <init-param><param-name>readiness.maxLatency</param-name><param-value>400ms</param-value></init-param>\n"
      + "    <init-param><param-name>excludePaths</param-name><param-value>/health/*</param-value></init-param>\n"
      // The admission gate on, and an async-supported servlet behind it: the request wrapper the
      // filter reuses per thread must not pin an undeployed application either.
      + "    <init-param><param-name>maxConcurrentRequests</param-name><param-value>4</param-value></init-param>\n"
      + "    <init-param><param-name>maxQueuedRequests</param-name><param-value>4</param-value></init-param>\n"
      + "  </filter>\n"
      + "  <filter-mapping><filter-name>pressure</filter-name><url-pattern>/*</url-pattern></filter-mapping>\n"
      + "  <servlet><servlet-name>status</servlet-name>\n"
      + "    <servlet-class>dev.pressure.servlet.StatusServlet</servlet-class>"
      + "<async-supported>true</async-supported></servlet>\n"
      + "  <servlet-mapping><servlet-name>status</servlet-name><url-pattern>/status</url-pattern></servlet-mapping>\n"
      + "  <servlet><servlet-name>ready</servlet-name>\n"
      + "    <servlet-class>dev.pressure.servlet.ReadinessServlet</servlet-class></servlet>\n"
      + "  <servlet-mapping><servlet-name>ready</servlet-name><url-pattern>/health/ready</url-pattern></servlet-mapping>\n"
      + "</web-app>\n";

  @TempDir
  Path dir;

  @Test
  void aHundredRedeploysLeaveNoThreadAndEveryClassLoaderIsCollectable() throws Exception {
    Path webapp = webapp();
    Http http = new Http();
    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    try (JettyContainer jetty = new JettyContainer()) {
      jetty.start();
      redeploy(jetty, webapp, http, null); // warm up Jetty's and the HTTP client's own threads
      long pressureThreads = Threads.named("pressure-");
      int allThreads = Threads.all();

      for (int i = 0; i < REDEPLOYS; i++) {
        redeploy(jetty, webapp, http, loaders);
      }

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(Threads.named("pressure-")).isEqualTo(pressureThreads);
        // A leaked monitor leaves two threads (sampler, lag probe): 100 redeploys would add 200.
        assertThat(Threads.all()).isLessThanOrEqualTo(allThreads + 5);
      });
    }
    assertThat(loaders).hasSize(REDEPLOYS);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      System.gc();
      List<Integer> alive = new ArrayList<>();
      for (int i = 0; i < loaders.size(); i++) {
        if (loaders.get(i).get() != null) {
          alive.add(i);
        }
      }
      assertThat(alive).as("redeploys whose class loader is still reachable").isEmpty();
    });
  }

  private static void redeploy(JettyContainer jetty, Path webapp, Http http, List<WeakReference<ClassLoader>> loaders)
      throws Exception {
    Deployment d = jetty.deployWebXml(webapp);
    try {
      assertThat(d.failure()).isNull();
      ClassLoader loader = d.servletContext().getClassLoader();
      Object monitor = d.servletContext().getAttribute(PressureServletContext.MONITOR_ATTRIBUTE);
      assertThat(monitor).isNotNull().isNotInstanceOf(PressureMonitor.class); // another class of that name
      assertThat(monitor.getClass().getClassLoader()).as("the application defines the library").isSameAs(loader);
      HttpResponse<String> status = http.get(d.uri("/status"));
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).startsWith("{\"status\":\"ok\"");
      assertThat(http.get(d.uri("/health/ready")).body()).isEqualTo("OK");
      if (loaders != null) {
        loaders.add(new WeakReference<>(loader));
      }
    } finally {
      d.close();
    }
  }

  /** {@code WEB-INF/web.xml} plus pressure-core and pressure-servlet as jars in {@code WEB-INF/lib}. */
  private Path webapp() throws IOException, URISyntaxException {
    Path webapp = dir.resolve("webapp");
    Path lib = Files.createDirectories(webapp.resolve("WEB-INF/lib"));
    Files.writeString(webapp.resolve("WEB-INF/web.xml"), WEB_XML);
    jar(codeSource(PressureMonitor.class), lib.resolve("pressure-core.jar"));
    jar(codeSource(UnderPressureFilter.class), lib.resolve("pressure-servlet.jar"));
    return webapp;
  }

  private static Path codeSource(Class<?> c) throws URISyntaxException {
    return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Copies a jar, or packs a classes directory (a reactor build's target/classes) into one. */
  private static void jar(Path from, Path to) throws IOException {
    if (Files.isRegularFile(from)) {
      Files.copy(from, to);
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    try (OutputStream out = Files.newOutputStream(to); JarOutputStream jar = new JarOutputStream(out)) {
      for (Path file : files) {
        jar.putNextEntry(new JarEntry(from.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, jar);
        jar.closeEntry();
      }
    }
  }
}
