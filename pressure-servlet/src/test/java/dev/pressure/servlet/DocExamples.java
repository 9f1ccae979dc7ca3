package dev.pressure.servlet;

import dev.pressure.PressureMonitor;
import dev.pressure.Thresholds;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.time.Duration;
import java.util.List;

/**
 * The Java snippets of {@code docs/servlet.md}, compiled and run by the container suite. The
 * text between the {@code snippet} markers must appear verbatim in the guide
 * ({@link DocSnippetsTest} checks it).
 */
final class DocExamples {

  private DocExamples() {}

  static void addFilterWithInitParams(ServletContext ctx) {
    // snippet:start addFilter
    FilterRegistration.Dynamic filter = ctx.addFilter("underPressure", UnderPressureFilter.class);
    filter.setAsyncSupported(true); // required for async servlets behind it
    filter.setInitParameter("maxEventLoopDelay", "200ms");
    filter.setInitParameter("maxRssBytes", "4GiB");
    filter.setInitParameter("maxLatency", "800ms");
    filter.setInitParameter("readiness.maxLatency", "400ms");
    filter.setInitParameter("excludePaths", "/status,/health/*,/metrics");
    filter.addMappingForUrlPatterns(null, false, "/*");

    ctx.addServlet("status", StatusServlet.class).addMapping("/status");
    ctx.addServlet("readiness", ReadinessServlet.class).addMapping("/health/ready");
    ctx.addServlet("liveness", LivenessServlet.class).addMapping("/health/live");
    // snippet:end addFilter
  }

  static void builderAroundOwnMonitor(ServletContext ctx) {
    // snippet:start builder
    PressureMonitor monitor = PressureMonitor.builder()
        .sampleInterval(Duration.ofMillis(500))
        .tier("readiness", Thresholds.builder().maxLatency(Duration.ofMillis(400)).build())
        .tier("shed", Thresholds.builder().maxLatency(Duration.ofMillis(800)).build())
        .build();

    UnderPressureFilter filter = UnderPressureFilter.builder(monitor)
        .tier("shed")
        .retryAfter(Duration.ofSeconds(5))
        .excludePaths("/status", "/health/*", "/metrics")
        .build();
    FilterRegistration.Dynamic registration = ctx.addFilter("underPressure", filter);
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(null, false, "/*");

    ctx.addServlet("status", new StatusServlet(monitor)).addMapping("/status");
    ctx.addServlet("readiness", new ReadinessServlet(monitor, "readiness", 429)).addMapping("/health/ready");
    ctx.addServlet("liveness", new LivenessServlet(monitor)).addMapping("/health/live");
    ctx.addListener(new ServletContextListener() {
      @Override
      public void contextDestroyed(ServletContextEvent event) {
        monitor.close(); // the application created it, the application closes it
      }
    });
    // snippet:end builder
  }

  static UnderPressureFilter handler(PressureMonitor monitor) {
    // snippet:start handler
    UnderPressureFilter filter = UnderPressureFilter.builder(monitor)
        .pressureHandler((request, response, type, value) -> {
          // A role the container authenticated: never a header, which any client can set.
          if (request.isUserInRole("operator")) {
            return PressureHandler.Outcome.CONTINUE;
          }
          response.setStatus(429);
          return PressureHandler.Outcome.ANSWERED;
        })
        .build();
    // snippet:end handler
    return filter;
  }

  static GracefulShutdown.Outcome drain(ServletContext servletContext, UnderPressureFilter filter)
      throws InterruptedException {
    // snippet:start drain
    GracefulShutdown shutdown = GracefulShutdown.builder()
        .delay(Duration.ofSeconds(5))   // readiness fails, requests still served
        .grace(Duration.ofSeconds(10))  // then new work gets 503, in-flight work finishes
        .build();
    GracefulShutdown.Outcome outcome = shutdown.run(
        PressureServletContext.drainSwitch(servletContext), List.of(filter));
    // then stop the server
    // snippet:end drain
    return outcome;
  }

}
