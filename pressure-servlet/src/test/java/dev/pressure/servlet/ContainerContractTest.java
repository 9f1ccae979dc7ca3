package dev.pressure.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.HealthCheck;
import dev.pressure.PressureMonitor;
import dev.pressure.PressureType;
import dev.pressure.Thresholds;
import dev.pressure.servlet.support.AsyncServlet;
import dev.pressure.servlet.support.Deployment;
import dev.pressure.servlet.support.HelloServlet;
import dev.pressure.servlet.support.Http;
import dev.pressure.servlet.support.LetThroughHandler;
import dev.pressure.servlet.support.ServletContainer;
import dev.pressure.servlet.support.ThrowingServlet;
import dev.pressure.servlet.support.Threads;
import dev.pressure.servlet.support.Webapps;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The servlet contract, run unchanged on every container: one subclass per container
 * ({@link JettyContractTest}, {@link TomcatContractTest}) supplies the server. Each test deploys
 * a web application at {@code /app}, through a real {@code web.xml}, {@code ServletContext.addFilter}
 * with init-params, or a filter built in code, and talks HTTP to it on a loopback port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerContractTest {

  /** The shed body for the test apps' message {@code Busy, try "later" \ please}. */
  static final String MESSAGE = "Busy, try \"later\" \\ please";
  static final Duration PATIENCE = Duration.ofSeconds(10);

  private ServletContainer container;
  private final Http http = new Http();
  private final List<PressureMonitor> monitors = new ArrayList<>();
  private Deployment deployment;
  /** Set by {@link #deployTimed}: a filter built in code around a monitor the test owns. */
  private UnderPressureFilter timedFilter;
  private PressureMonitor timedMonitor;
  /** {@code pressure-} threads before a deployment that must fail. */
  private long pressureThreadsBefore;

  /** @return a new, not yet started container */
  protected abstract ServletContainer newContainer();

  @BeforeAll
  void startContainer() throws Exception {
    container = newContainer();
    container.start();
  }

  @AfterAll
  void stopContainer() throws Exception {
    container.close();
  }

  @AfterEach
  void undeploy() throws Exception {
    AsyncServlet.release();
    if (deployment != null) {
      deployment.close();
      deployment = null;
    }
    monitors.forEach(PressureMonitor::close);
    monitors.clear();
    AsyncServlet.reset();
  }

  // ------------------------------------------------------------------ helpers

  Deployment deploy(ServletContainerInitializer initializer) throws Exception {
    deployment = container.deploy(initializer);
    assertThat(deployment.failure()).as("start-up failure").isNull();
    return deployment;
  }

  Deployment deployWebXml(String name) throws Exception {
    deployment = container.deployWebXml(webapp(name));
    assertThat(deployment.failure()).as("start-up failure").isNull();
    return deployment;
  }

  static Path webapp(String name) throws URISyntaxException {
    return Webapps.dir(name);
  }

  PressureMonitor monitor(PressureMonitor.Builder builder) {
    PressureMonitor m = builder.build();
    monitors.add(m);
    return m;
  }

  static PressureMonitor monitorOf(Deployment d) {
    return PressureServletContext.monitor(d.servletContext());
  }

  HttpResponse<String> get(String path, String... headers) {
    return http.get(deployment.uri(path), headers);
  }

  HttpResponse<String> head(String path) {
    return http.head(deployment.uri(path));
  }

  /** The application every programmatic deployment shares: the test servlets plus the probes. */
  static ServletContainerInitializer app(Consumer<ServletContext> pressure) {
    return (classes, ctx) -> {
      pressure.accept(ctx);
      servlet(ctx, "hello", new HelloServlet(), "/hello", "/docs/*");
      servlet(ctx, "async", new AsyncServlet(), "/async");
      servlet(ctx, "throw", new ThrowingServlet(), "/throw");
      servlet(ctx, "status", StatusServlet.class, "/status");
      servlet(ctx, "ready", ReadinessServlet.class, "/health/ready");
      servlet(ctx, "live", LivenessServlet.class, "/health/live");
    };
  }

  static ServletRegistration.Dynamic servlet(ServletContext ctx, String name, Object servlet, String... paths) {
    ServletRegistration.Dynamic reg = servlet instanceof Servlet
        ? ctx.addServlet(name, (Servlet) servlet)
        : ctx.addServlet(name, ((Class<?>) servlet).asSubclass(Servlet.class));
    reg.setAsyncSupported(true);
    reg.addMapping(paths);
    return reg;
  }

  /** Registers the filter class with init-params, as {@code web.xml} would. */
  static Consumer<ServletContext> filterClass(Map<String, String> params) {
    return ctx -> {
      FilterRegistration.Dynamic reg = ctx.addFilter("pressure", UnderPressureFilter.class);
      reg.setAsyncSupported(true);
      reg.setInitParameters(params);
      reg.addMappingForUrlPatterns(null, false, "/*");
    };
  }

  /** Registers a filter instance built in code. */
  static Consumer<ServletContext> filter(Filter filter, DispatcherType... types) {
    return ctx -> {
      FilterRegistration.Dynamic reg = ctx.addFilter("pressure", filter);
      reg.setAsyncSupported(true);
      reg.addMappingForUrlPatterns(types.length == 0 ? null : EnumSet.of(types[0], types), false, "/*");
    };
  }

  static Map<String, String> params(String... nameValue) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      m.put(nameValue[i], nameValue[i + 1]);
    }
    return m;
  }

  static String shedBody(String type) {
    return "{\"code\":\"UNDER_PRESSURE\",\"error\":\"Service Unavailable\",\"message\":\"Busy, try \\\"later\\\" "
        + "\\\\ please\",\"statusCode\":503,\"type\":\"" + type + "\"}";
  }

  // ------------------------------------------------------------------ shedding

  /** How the filter is registered. */
  enum Registration { WEB_XML, ADD_FILTER, BUILDER }

  Deployment deployShedding(Registration registration) throws Exception {
    switch (registration) {
      case WEB_XML:
        return deployWebXml("shed");
      case ADD_FILTER:
        return deploy(app(filterClass(params(
            "tier", "shed",
            "shed.maxHeapUsedBytes", "1",
            "sampleInterval", "10ms",
            "retryAfter", "7",
            "message", "Busy, try \"later\" \\ please",
            "excludePaths", "/status, /health/*, /docs/*"))));
      case BUILDER:
        PressureMonitor m = monitor(PressureMonitor.builder()
            .sampleInterval(Duration.ofMillis(10))
            .tier("shed", Thresholds.builder().maxHeapUsedBytes(1).build()));
        return deploy(app(filter(UnderPressureFilter.builder(m)
            .tier("shed")
            .retryAfter(Duration.ofSeconds(7))
            .message("Busy, try \"later\" \\ please")
            .excludePaths("/status", "/health/*", "/docs/*")
            .build())));
      default:
        throw new AssertionError(registration);
    }
  }


  @ParameterizedTest
  @EnumSource(Registration.class)
  void shedsMappedPathsWith503RetryAfterAndJsonButNotExcludedPathsProbesOrStatus(Registration registration)
      throws Exception {
    Deployment d = deployShedding(registration);
    PressureMonitor m = monitorOf(d);
    assertThat(m).as("monitor published in the context").isNotNull();

    await().atMost(PATIENCE).until(() -> get("/hello").statusCode() == 503);
    long shedBefore = m.shedCounts().get(PressureType.HEAP_USED_BYTES);
    HttpResponse<String> shed = get("/hello");
    assertThat(shed.statusCode()).isEqualTo(503);
    assertThat(shed.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(shed.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(shed.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/json"));
    assertThat(shed.body()).isEqualTo(shedBody("heapUsedBytes"));
    assertThat(m.shedCounts().get(PressureType.HEAP_USED_BYTES)).isGreaterThan(shedBefore);

    HttpResponse<String> headShed = head("/hello");
    assertThat(headShed.statusCode()).isEqualTo(503);
    assertThat(headShed.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(headShed.body()).isEmpty();

    assertThat(get("/docs/readme").statusCode()).as("excluded prefix").isEqualTo(200);
    assertThat(get("/docs/readme").body()).isEqualTo("hello");
    // Readiness fails whenever the filter would shed (it also judges the filter's tier).
    assertThat(get("/health/ready").statusCode()).as("readiness").isEqualTo(429);
    assertThat(get("/health/live").statusCode()).as("liveness").isEqualTo(200);
    HttpResponse<String> status = get("/status");
    assertThat(status.statusCode()).as("status").isEqualTo(200);
    assertThat(status.body()).contains("\"status\":\"ok\"", "\"shed\":\"heapUsedBytes\"");
    assertThat(status.headers().firstValue("Retry-After")).isEmpty();

    // Shed requests never reach the latency window; excluded paths are not timed either.
    assertThat(m.recordedLatencies()).isZero();
  }

  @Test
  void failingHealthCheckWithListenerOwnedMonitorAndHandlerFromInitParam() throws Exception {
    Deployment d = deployWebXml("listener");
    PressureMonitor m = monitorOf(d);
    assertThat(m).isNotNull();

    await().atMost(PATIENCE).until(() -> get("/hello").statusCode() == 429);
    assertThat(get("/hello").body()).isEqualTo("custom healthCheck 0");
    HttpResponse<String> priority = get("/hello", "X-Priority", "high");
    assertThat(priority.statusCode()).isEqualTo(200);
    assertThat(priority.body()).isEqualTo("hello");

    HttpResponse<String> status = get("/status");
    assertThat(status.statusCode()).isEqualTo(503);
    assertThat(status.body()).contains("\"type\":\"healthCheck\"", "\"healthy\":false");
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(429);
    assertThat(ready.body()).isEqualTo("Unable to accept new requests");
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    assertThat(m.shedCounts().get(PressureType.HEALTH_CHECK)).isGreaterThanOrEqualTo(2);
    long timed = m.recordedLatencies();
    assertThat(timed).as("the let-through request is timed").isGreaterThanOrEqualTo(1);
    assertThat(get("/async?ms=50", "X-Priority", "high").body()).as("async behind the handler").isEqualTo("done");
    await().atMost(PATIENCE).until(() -> m.recordedLatencies() == timed + 1);
  }

  @Test
  void handlerInCodeAnswersOrLetsThrough() throws Exception {
    PressureMonitor m = monitor(PressureMonitor.builder().sampleInterval(Duration.ofMillis(10)).maxHeapUsedBytes(1));
    deploy(app(filter(UnderPressureFilter.builder(m).pressureHandler(new LetThroughHandler()).build())));

    await().atMost(PATIENCE).until(() -> get("/hello").statusCode() == 429);
    assertThat(get("/hello").body()).startsWith("custom heapUsedBytes ");
    long timedBefore = m.recordedLatencies();
    assertThat(get("/hello", "X-Priority", "high").body()).isEqualTo("hello");
    await().atMost(PATIENCE).until(() -> m.recordedLatencies() == timedBefore + 1);
  }

  @Test
  void handlerThatLetsEverythingThroughMeansNothingIsShed() throws Exception {
    PressureMonitor m = monitor(PressureMonitor.builder().sampleInterval(Duration.ofMillis(10)).maxHeapUsedBytes(1));
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    deploy(app(filter(UnderPressureFilter.builder(m).pressureHandler((req, res, type, value) -> {
      seen.add(type.name() + " " + req.getRequestURI());
      return PressureHandler.Outcome.CONTINUE;
    }).build())));

    // Nothing trips before the first sample: keep asking until the handler has been consulted.
    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(get("/hello").statusCode()).isEqualTo(200);
      assertThat(seen).contains("heapUsedBytes /app/hello");
    });
    assertThat(m.shedCounts().get(PressureType.HEAP_USED_BYTES)).isZero();
  }

  @Test
  void drainingRefusesNewWorkFailsReadinessAndLetsInFlightRequestsFinish() throws Exception {
    PressureMonitor m = monitor(PressureMonitor.builder());
    UnderPressureFilter filter = UnderPressureFilter.builder(m)
        .retryAfter(Duration.ofSeconds(3))
        .message("Busy, try \"later\" \\ please")
        .excludePaths("/health/*", "/status")
        .build();
    Deployment d = deploy(app(filter(filter)));
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);

    CompletableFuture<HttpResponse<String>> inFlight = http.getAsync(d.uri("/async?latch=true"));
    await().atMost(PATIENCE).until(() -> filter.inFlight() == 1);

    PressureServletContext.drain(d.servletContext());
    HttpResponse<String> refused = get("/hello");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(refused.headers().firstValue("Connection")).hasValueSatisfying(
        v -> assertThat(v).containsIgnoringCase("close"));
    assertThat(refused.body()).isEqualTo(shedBody("draining"));
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(429);
    assertThat(ready.body()).isEqualTo("Unable to accept new requests");
    assertThat(get("/status").body()).contains("\"draining\":true");
    assertThat(m.shedCounts().get(DrainSwitch.TYPE)).isEqualTo(1);

    AsyncServlet.release();
    HttpResponse<String> finished = inFlight.get(20, TimeUnit.SECONDS);
    assertThat(finished.statusCode()).isEqualTo(200);
    assertThat(finished.body()).isEqualTo("done");
    await().atMost(PATIENCE).until(() -> filter.inFlight() == 0);
  }

  // ------------------------------------------------------------------ endpoints


  @Test
  void allGreenWhenNothingIsOverItsLimit() throws Exception {
    PressureMonitor m = monitor(PressureMonitor.builder().sampleInterval(Duration.ofMillis(10)));
    deploy(app(filter(UnderPressureFilter.builder(m).excludePaths("/status", "/health/*").build())));
    await().atMost(PATIENCE).until(() -> m.snapshot().sequence() > 0);

    HttpResponse<String> status = get("/status");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/json"));
    assertThat(status.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(status.body()).startsWith("{\"status\":\"ok\",\"type\":null,\"tier\":\"default\",")
        .contains("\"eventLoopDelay\":", "\"eventLoopUtilized\":", "\"heapUsed\":", "\"heapAfterGc\":",
            "\"rssBytes\":", "\"healthy\":true", "\"latency\":{\"quantile\":0.999,", "\"signals\":{}",
            "\"failures\":{}", "\"tiers\":{\"default\":null}", "\"snapshotAgeMillis\":")
        .doesNotContain("Exception", "\tat ");
    assertThat(get("/health/ready").body()).isEqualTo("OK");
    assertThat(get("/health/live").body()).isEqualTo("OK");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/status", "/health/ready", "/health/live"})
  void headAnswersLikeGetWithoutBody(String path) throws Exception {
    PressureMonitor m = monitor(PressureMonitor.builder());
    deploy(app(filter(UnderPressureFilter.builder(m).build())));
    HttpResponse<String> get = get(path);
    HttpResponse<String> head = head(path);
    assertThat(head.statusCode()).isEqualTo(get.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(get.body()).isNotEmpty();
  }

  @Test
  void statusAnswers503WithTheTypeWhenItsTierIsUnderPressure() throws Exception {
    PressureMonitor m = monitor(PressureMonitor.builder().sampleInterval(Duration.ofMillis(10)).maxHeapUsedBytes(1));
    deploy(app(filter(UnderPressureFilter.builder(m).excludePaths("/status", "/health/*").build())));
    await().atMost(PATIENCE).until(() -> get("/status").statusCode() == 503);
    HttpResponse<String> status = get("/status");
    assertThat(status.body()).startsWith("{\"status\":\"under pressure\",\"type\":\"heapUsedBytes\",");
    assertThat(status.headers().firstValue("Retry-After")).as("not the shed answer").isEmpty();
    assertThat(head("/status").statusCode()).isEqualTo(503);
  }

  @Test
  void readinessJudgesItsOwnLowerTierWhileTheFilterServes() throws Exception {
    PressureMonitor m = monitor(PressureMonitor.builder()
        .sampleInterval(Duration.ofMillis(10))
        .tier("readiness", Thresholds.builder().maxHeapUsedBytes(1).build()));
    deploy(app(filter(UnderPressureFilter.builder(m).excludePaths("/status", "/health/*").build())));

    await().atMost(PATIENCE).until(() -> get("/health/ready").statusCode() == 429);
    assertThat(get("/health/ready").body()).isEqualTo("Unable to accept new requests");
    assertThat(head("/health/ready").statusCode()).isEqualTo(429);
    assertThat(get("/hello").statusCode()).as("default tier still serves").isEqualTo(200);
    HttpResponse<String> status = get("/status");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("\"tiers\":{\"default\":null,\"readiness\":\"heapUsedBytes\"}");
  }

  @Test
  void readinessStatusIsConfigurable() throws Exception {
    PressureMonitor m = monitor(PressureMonitor.builder().sampleInterval(Duration.ofMillis(10)).maxHeapUsedBytes(1));
    deploy((classes, ctx) -> {
      ctx.setAttribute(PressureServletContext.MONITOR_ATTRIBUTE, m);
      ServletRegistration.Dynamic ready = ctx.addServlet("ready", ReadinessServlet.class);
      ready.setInitParameter("status", "503");
      ready.addMapping("/ready");
      servlet(ctx, "ready-code", new ReadinessServlet(m, "default", 418), "/ready-code");
    });
    await().atMost(PATIENCE).until(() -> get("/ready").statusCode() == 503);
    assertThat(get("/ready-code").statusCode()).isEqualTo(418);
  }

  @Test
  void livenessFailsOnlyWhenTheLivenessCheckFails() throws Exception {
    HealthCheck dead = () -> false;
    PressureMonitor m = monitor(PressureMonitor.builder()
        .sampleInterval(Duration.ofMillis(10))
        .livenessCheck(dead, Duration.ofMillis(10)));
    deploy(app(filter(UnderPressureFilter.builder(m).excludePaths("/status", "/health/*").build())));
    await().atMost(PATIENCE).until(() -> get("/health/live").statusCode() == 503);
    assertThat(get("/health/live").body()).isEqualTo("Liveness check failed");
    assertThat(head("/health/live").statusCode()).isEqualTo(503);
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    assertThat(get("/status").body()).contains("\"alive\":false");
  }

  // ------------------------------------------------------------------ timing and in-flight


  Deployment deployTimed(DispatcherType... types) throws Exception {
    timedMonitor = monitor(PressureMonitor.builder());
    timedFilter = UnderPressureFilter.builder(timedMonitor).excludePaths("/status", "/health/*").build();
    return deploy(app(filter(timedFilter, types)));
  }

  /** A deployment with no limit (nothing shed), registered each way. */
  Deployment deployUnlimited(Registration registration) throws Exception {
    switch (registration) {
      case WEB_XML:
        return deployWebXml("plain");
      case ADD_FILTER:
        return deploy(app(filterClass(params("excludePaths", "/status,/health/*"))));
      case BUILDER:
        return deployTimed();
      default:
        throw new AssertionError(registration);
    }
  }

  @ParameterizedTest
  @EnumSource(Registration.class)
  void asyncAndSyncRequestsAreTimedUntilTheyComplete(Registration registration) throws Exception {
    PressureMonitor m = monitorOf(deployUnlimited(registration));
    long delayMillis = 150;
    assertThat(get("/async?ms=" + delayMillis).body()).isEqualTo("done");
    await().atMost(PATIENCE).until(() -> m.recordedLatencies() == 1);
    assertThat(m.recordedLatencyNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(delayMillis));

    assertThat(get("/status").statusCode()).isEqualTo(200); // excluded: not timed
    assertThat(get("/hello").body()).isEqualTo("hello");
    await().atMost(PATIENCE).until(() -> m.recordedLatencies() == 2);
    if (registration == Registration.BUILDER) {
      await().atMost(PATIENCE).until(() -> timedFilter.inFlight() == 0);
    }
  }

  @Test
  void asyncRequestIsCountedInFlightUntilItCompletes() throws Exception {
    Deployment d = deployTimed();
    CompletableFuture<HttpResponse<String>> pending = http.getAsync(d.uri("/async?latch=true"));
    await().atMost(PATIENCE).until(() -> timedFilter.inFlight() == 1);
    assertThat(timedMonitor.recordedLatencies()).isZero();
    AsyncServlet.release();
    assertThat(pending.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    await().atMost(PATIENCE).until(() -> timedFilter.inFlight() == 0 && timedMonitor.recordedLatencies() == 1);
  }

  @ParameterizedTest(name = "dispatch to {0}, filter dispatcher types {1}")
  @CsvSource(delimiter = ';', value = {
      "/hello; REQUEST", "/hello; REQUEST,ASYNC", // async cycle ends in a sync dispatch
      "/async; REQUEST", "/async; REQUEST,ASYNC", // a second async cycle (listeners re-register)
  })
  void asyncRedispatchIsCountedAndTimedOnce(String target, String types) throws Exception {
    DispatcherType[] dispatch = Stream.of(types.split(",")).map(DispatcherType::valueOf).toArray(DispatcherType[]::new);
    deployTimed(dispatch);
    long delayMillis = 80;
    int cycles = target.equals("/async") ? 2 : 1;
    HttpResponse<String> r = get("/async?ms=" + delayMillis + "&dispatch=" + target);
    assertThat(r.body()).isEqualTo(target.equals("/async") ? "done" : "hello");
    await().atMost(PATIENCE).until(() -> timedMonitor.recordedLatencies() >= 1 && timedFilter.inFlight() == 0);
    assertThat(timedMonitor.recordedLatencies()).isEqualTo(1);
    assertThat(timedMonitor.recordedLatencyNanos())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(cycles * delayMillis));
  }

  @Test
  void asyncTimeoutIsTimedAndReleased() throws Exception {
    deployTimed();
    long timeoutMillis = 100;
    HttpResponse<String> r = get("/async?timeoutMs=" + timeoutMillis);
    assertThat(r.statusCode()).isGreaterThanOrEqualTo(500);
    await().atMost(PATIENCE).until(() -> timedFilter.inFlight() == 0 && timedMonitor.recordedLatencies() == 1);
    assertThat(timedMonitor.recordedLatencyNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"runtime", "error"})
  void throwingServletStillReleasesItsCountAndIsTimed(String kind) throws Exception {
    deployTimed();
    for (int i = 0; i < 3; i++) {
      assertThat(get("/throw?kind=" + kind).statusCode()).isEqualTo(500);
    }
    await().atMost(PATIENCE).until(() -> timedFilter.inFlight() == 0 && timedMonitor.recordedLatencies() == 3);
    assertThat(get("/hello").statusCode()).isEqualTo(200);
  }

  @Test
  void recordLatencyFalseCountsButDoesNotTime() throws Exception {
    timedMonitor = monitor(PressureMonitor.builder());
    timedFilter = UnderPressureFilter.builder(timedMonitor).recordLatency(false).build();
    deploy(app(filter(timedFilter)));
    assertThat(get("/hello").statusCode()).isEqualTo(200);
    await().atMost(PATIENCE).until(() -> timedFilter.inFlight() == 0);
    assertThat(timedMonitor.recordedLatencies()).isZero();
  }

  // ------------------------------------------------------------------ bad configuration

  static Stream<Arguments> malformedInitParams() {
    return Stream.of(
        Arguments.of("maxEventLoopDelay", "fast"),
        Arguments.of("maxEventLoopUtilization", "1.5"),
        Arguments.of("maxHeapUsedBytes", "-1"),
        Arguments.of("maxHeapUsedBytes", "12XB"),
        Arguments.of("maxRssBytes", "lots"),
        Arguments.of("sampleInterval", "5ms"),
        Arguments.of("retryAfter", "1.5s"),
        Arguments.of("retryAfter", "-1"),
        Arguments.of("message", "line one\r\nSet-Cookie: x=y"),
        Arguments.of("healthCheck", "com.example.MissingCheck"),
        Arguments.of("healthCheck", "java.lang.String"),
        Arguments.of("healthCheck", "dev.pressure.servlet.support.ThrowingConstructorHealthCheck"),
        Arguments.of("maxLatency", "soon"),
        Arguments.of("latencyQuantile", "1"),
        Arguments.of("latencyMaxAge", "0s"),
        Arguments.of("latencyAgeBuckets", "0"),
        Arguments.of("excludePaths", "health"),
        Arguments.of("excludePaths", "/a/*/b"),
        Arguments.of("excludePaths", "/app/health/*"), // the context path is /app: never matches
        Arguments.of("excludePaths", "/status,/app"),
        Arguments.of("tier", "nope"),
        Arguments.of("recordLatency", "yes"),
        Arguments.of("pressureHandler", "java.lang.Object"),
        Arguments.of("readiness.maxLatency", "400 apples"),
        Arguments.of("maxHeapUsed", "512MiB")); // unknown name
  }

  static Stream<Arguments> conflictingInitParams() {
    return Stream.of(
        Arguments.of("healthCheckInterval", params("healthCheckInterval", "1s")),
        Arguments.of("recordLatency", params("maxLatency", "800ms", "recordLatency", "false")),
        Arguments.of("default.maxLatency", params("default.maxLatency", "800ms")),
        Arguments.of("tier", params("readiness.maxLatency", "400ms", "tier", "shed")));
  }


  Throwable failToDeploy(ServletContainerInitializer init) throws Exception {
    pressureThreadsBefore = Threads.named("pressure-");
    deployment = container.deploy(init);
    assertThat(deployment.started()).as("the web application must not start").isFalse();
    return deployment.failure();
  }

  void assertNamesParam(Throwable failure, String param, String value) {
    assertThat(messages(failure)).as("failure messages").anySatisfy(message -> {
      assertThat(message).startsWith(param + ": ");
      assertThat(message).contains(". Found: ");
      if (value != null) {
        assertThat(message).contains(param.equals("message") ? "\\u000d\\u000a" : value);
      }
    });
    // Nothing is left running by a start-up that failed, even one that built a monitor first.
    await().atMost(PATIENCE).until(() -> Threads.named("pressure-") <= pressureThreadsBefore);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("malformedInitParams")
  void malformedOrUnknownInitParamStopsStartUp(String param, String value) throws Exception {
    Throwable failure = failToDeploy(app(filterClass(params(param, value))));
    assertNamesParam(failure, param, value);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conflictingInitParams")
  void conflictingInitParamsStopStartUp(String param, Map<String, String> params) throws Exception {
    assertNamesParam(failToDeploy(app(filterClass(params))), param, null);
  }

  @Test
  void monitorParamOnFilterWhenTheContextHoldsAMonitor() throws Exception {
    Throwable failure = failToDeploy(app(ctx -> {
      ctx.addListener(PressureContextListener.class);
      filterClass(params("maxHeapUsedBytes", "1GiB")).accept(ctx);
    }));
    assertNamesParam(failure, "maxHeapUsedBytes", "1GiB");
  }

  @Test
  void initParamOnFilterBuiltInCode() throws Exception {
    PressureMonitor m = monitor(PressureMonitor.builder());
    Throwable failure = failToDeploy(app(ctx -> {
      FilterRegistration.Dynamic reg = ctx.addFilter("pressure", UnderPressureFilter.builder(m).build());
      reg.setInitParameter("retryAfter", "5");
      reg.addMappingForUrlPatterns(null, false, "/*");
    }));
    assertNamesParam(failure, "retryAfter", "5");
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badContextParams")
  void badContextParamStopsStartUp(String param, String value) throws Exception {
    Throwable failure = failToDeploy(app(ctx -> {
      ctx.setInitParameter(param, value);
      ctx.addListener(PressureContextListener.class);
    }));
    assertNamesParam(failure, param, value);
  }

  @Test
  void malformedInitParamInWebXml() throws Exception {
    pressureThreadsBefore = Threads.named("pressure-");
    deployment = container.deployWebXml(webapp("bad"));
    assertThat(deployment.started()).isFalse();
    assertNamesParam(deployment.failure(), "maxEventLoopDelay", "fast");
  }

  static Stream<Arguments> badContextParams() {
    return Stream.of(
        Arguments.of("sampleInterval", "1ms"),
        Arguments.of("healthCheck", "com.example.Missing"),
        Arguments.of("readiness.maxHeapUsedBytes", "a lot"),
        Arguments.of("MaxHeapUsedBytes", "1GiB")); // a known name in the wrong case
  }

  static List<String> messages(Throwable t) {
    List<String> messages = new ArrayList<>();
    for (Throwable c = t; c != null && messages.size() < 20; c = c.getCause()) {
      messages.add(String.valueOf(c.getMessage()));
      for (Throwable s : c.getSuppressed()) {
        messages.addAll(messages(s));
      }
    }
    return messages;
  }

  // ------------------------------------------------------------------ redeploy


  @Test
  void fiftyStartStopCyclesLeaveNoThreadBehind() throws Exception {
    cycle(0); // warm up the container's own pools before taking the baseline
    long pressureBefore = Threads.named("pressure-");
    int allBefore = Threads.all();
    for (int i = 1; i <= 50; i++) {
      cycle(i);
    }
    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(Threads.named("pressure-")).isEqualTo(pressureBefore);
      // Each leaked monitor would leave at least two threads (sampler, lag probe): 50 cycles
      // would add 100. A few container pool threads may come and go.
      assertThat(Threads.all()).isLessThanOrEqualTo(allBefore + 5);
    });
  }

  private void cycle(int i) throws Exception {
    // Alternate the two owners of a monitor: the filter and the context listener.
    deployment = container.deployWebXml(webapp(i % 2 == 0 ? "shed" : "listener"));
    assertThat(deployment.failure()).isNull();
    assertThat(monitorOf(deployment)).isNotNull();
    assertThat(Threads.named("pressure-")).isGreaterThanOrEqualTo(2);
    HttpResponse<String> status = get("/status");
    assertThat(status.body()).startsWith("{\"status\":");
    deployment.close();
    deployment = null;
  }

  // ------------------------------------------------------------------ docs


  @Test
  void webXmlFromTheGuideDeploysAndServes(@TempDir Path dir) throws Exception {
    String webXml = DocSnippets.block(DocSnippets.SERVLET_GUIDE, "web.xml");
    Files.createDirectories(dir.resolve("WEB-INF"));
    Files.writeString(dir.resolve("WEB-INF/web.xml"), webXml);
    deployment = container.deployWebXml(dir);
    assertThat(deployment.failure()).isNull();
    assertThat(get("/status").statusCode()).isEqualTo(200);
    assertThat(get("/health/ready").body()).isEqualTo("OK");
    assertThat(get("/health/live").body()).isEqualTo("OK");
    assertThat(monitorOf(deployment).tierNames()).contains("default", "readiness");
  }

  @ParameterizedTest
  @ValueSource(strings = {"addFilter", "builder"})
  void programmaticRegistrationFromTheGuideDeploysAndServes(String style) throws Exception {
    deploy((classes, ctx) -> {
      if (style.equals("addFilter")) {
        DocExamples.addFilterWithInitParams(ctx);
      } else {
        DocExamples.builderAroundOwnMonitor(ctx);
      }
      servlet(ctx, "hello", new HelloServlet(), "/hello");
    });
    assertThat(get("/hello").statusCode()).isEqualTo(200);
    assertThat(get("/status").statusCode()).isEqualTo(200);
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    assertThat(monitorOf(deployment).tierNames()).contains("readiness");
  }

  // ------------------------------------------------------------------ hardening (issue #15)

  /** What components log through System.Logger, which the JDK routes to java.util.logging. */
  static final class CapturedLog extends java.util.logging.Handler implements AutoCloseable {
    private final java.util.logging.Logger logger = java.util.logging.Logger.getLogger("dev.pressure.servlet");
    final List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();

    CapturedLog() {
      logger.addHandler(this);
    }

    @Override
    public void publish(java.util.logging.LogRecord record) {
      messages.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }

  HttpResponse<String> send(String method, String path) {
    return http.send(method, deployment.uri(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/health", "", "/status,/health/live/*"})
  void probesAreNeverShedWhateverExcludePathsSays(String excludePaths) throws Exception {
    Map<String, String> p = params("maxHeapUsedBytes", "1", "sampleInterval", "10ms", "message", MESSAGE);
    if (!excludePaths.isEmpty()) {
      p.put("excludePaths", excludePaths);
    }
    Deployment d = deploy(app(filterClass(p)));
    await().atMost(PATIENCE).until(() -> get("/hello").statusCode() == 503);
    assertThat(get("/hello").body()).isEqualTo(shedBody("heapUsedBytes"));

    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).as("liveness is never shed under load").isEqualTo(200);
    assertThat(head("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).as("readiness answers itself: not ready").isEqualTo(429);
    assertThat(ready.body()).isEqualTo("Unable to accept new requests");
    HttpResponse<String> status = get("/status");
    assertThat(status.statusCode()).isEqualTo(503);
    assertThat(status.body()).startsWith("{\"status\":\"under pressure\"");
    assertThat(status.headers().firstValue("Retry-After")).as("the status answer, not the shed one").isEmpty();
    assertThat(monitorOf(d).recordedLatencies()).as("probes are not timed").isZero();
  }

  @Test
  void anExcludePathsEntryWithTheContextPathIsRefusedInCodeToo() throws Exception {
    PressureMonitor m = monitor(PressureMonitor.builder());
    Throwable failure = failToDeploy(app(filter(UnderPressureFilter.builder(m).excludePaths("/app/health/*").build())));
    assertNamesParam(failure, "excludePaths", "/app/health/*");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"TRACE, /status", "TRACE, /health/ready", "TRACE, /health/live", "DELETE, /status",
      "POST, /health/live", "PUT, /health/ready"})
  void probesRefuseMethodsOtherThanGetHeadAndOptions(String method, String path) throws Exception {
    deploy(app(filter(UnderPressureFilter.builder(monitor(PressureMonitor.builder())).build())));
    HttpResponse<String> r = http.send(method, deployment.uri(path), "Authorization", "Bearer secret-token");
    assertThat(r.statusCode()).isEqualTo(405);
    // Tomcat answers TRACE itself (allowTrace=false) with its own Allow order; the methods are the same.
    assertThat(r.headers().firstValue("Allow")).hasValueSatisfying(
        v -> assertThat(v.replace(" ", "").split(",")).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS"));
    assertThat(r.body()).doesNotContain("secret-token");
    HttpResponse<String> options = send("OPTIONS", path);
    assertThat(options.statusCode()).isEqualTo(200);
    assertThat(options.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
  }

  @Test
  void statusShowsTheFailingSignalsClassButNotItsMessageByDefault() throws Exception {
    String secret = "jdbc://db.internal:5432 password=hunter2\r\nX-Forged: 1 " + "x".repeat(200_000);
    PressureMonitor m = monitor(PressureMonitor.builder().sampleInterval(Duration.ofMillis(10))
        .signal("boom", () -> {
          throw new IllegalStateException(secret);
        }));
    deploy((classes, ctx) -> {
      ctx.setAttribute(PressureServletContext.MONITOR_ATTRIBUTE, m);
      servlet(ctx, "status", StatusServlet.class, "/status");
      ServletRegistration.Dynamic details = servlet(ctx, "details", StatusServlet.class, "/status-details");
      details.setInitParameter("statusDetails", "true");
    });
    await().atMost(PATIENCE).until(() -> m.snapshot().failures().containsKey(dev.pressure.PressureType.signal("boom")));
    HttpResponse<String> status = get("/status");
    assertThat(status.body()).contains("\"boom\":\"java.lang.IllegalStateException\"")
        .doesNotContain("hunter2", "db.internal");
    HttpResponse<String> details = get("/status-details");
    assertThat(details.body()).contains("\"boom\":\"java.lang.IllegalStateException: jdbc://db.internal:5432 "
        + "password=hunter2\\\\u000d\\\\u000aX-Forged: 1 xxx");
    assertThat(details.body().length()).as("the message is cut at 200 characters").isLessThan(status.body().length() + 260);
  }

  @Test
  void readinessFailsWheneverTheFilterWouldShedUnlessToldNotTo() throws Exception {
    PressureMonitor m = monitor(PressureMonitor.builder()
        .sampleInterval(Duration.ofMillis(10))
        .tier("readiness", Thresholds.builder().maxLatency(Duration.ofSeconds(10)).build())
        .tier("shed", Thresholds.builder().maxRssBytes(1).maxHeapUsedBytes(1).build()));
    deploy(app(ctx -> {
      filter(UnderPressureFilter.builder(m).tier("shed").build()).accept(ctx);
      ServletRegistration.Dynamic own = ctx.addServlet("ready-own", ReadinessServlet.class);
      own.setInitParameter("includeFilterTiers", "false");
      own.addMapping("/ready-own-tier-only");
    }));
    await().atMost(PATIENCE).until(() -> get("/hello").statusCode() == 503);
    assertThat(get("/health/ready").statusCode()).as("the shed tier trips: not ready").isEqualTo(429);
    assertThat(get("/ready-own-tier-only").statusCode()).as("opted out: own tier only").isEqualTo(200);
  }

  @Test
  void optionsRequestsAndClientErrorsAreNotTimedByDefault() throws Exception {
    Deployment d = deployTimed();
    assertThat(send("OPTIONS", "/hello").statusCode()).isEqualTo(200);
    assertThat(get("/hello?status=404").statusCode()).isEqualTo(404);
    assertThat(get("/hello?status=429").statusCode()).isEqualTo(429);
    await().atMost(PATIENCE).until(() -> timedFilter.inFlight() == 0);
    assertThat(timedMonitor.recordedLatencies()).as("nothing that cost nothing").isZero();
    assertThat(get("/hello").statusCode()).isEqualTo(200);
    await().atMost(PATIENCE).until(() -> timedMonitor.recordedLatencies() == 1);
    d.close();
    deployment = null;

    PressureMonitor all = monitor(PressureMonitor.builder());
    deploy(app(filter(UnderPressureFilter.builder(all).recordOptions(true).recordClientErrors(true).build())));
    send("OPTIONS", "/hello");
    get("/hello?status=404");
    await().atMost(PATIENCE).until(() -> all.recordedLatencies() == 2);
  }

  @Test
  void optionsAndClientErrorsCanBeRecordedFromInitParams() throws Exception {
    Deployment d = deploy(app(filterClass(params("recordOptions", "true", "recordClientErrors", "false"))));
    send("OPTIONS", "/hello");
    get("/hello?status=404");
    await().atMost(PATIENCE).until(() -> monitorOf(d).recordedLatencies() == 1);
  }

  @Test
  void aTierNobodyJudgesIsReportedWithTheClosestName() throws Exception {
    try (CapturedLog log = new CapturedLog()) {
      deploy(app(filterClass(params("Readiness.maxHeapUsedBytes", "1", "sampleInterval", "10ms"))));
      assertThat(log.messages).anySatisfy(message -> assertThat(message)
          .contains("tier \"Readiness\" is configured but no filter or endpoint", "closest judged name: \"readiness\""));
    }
  }

  @Test
  void aTierThatDoesNotExistIsRefusedWithTheClosestName() throws Exception {
    Throwable failure = failToDeploy(app(filterClass(params("tier", "shd", "shed.maxHeapUsedBytes", "1"))));
    assertNamesParam(failure, "tier", "shd");
    assertThat(messages(failure)).anySatisfy(message -> assertThat(message).contains("(closest: \"shed\")"));
  }

  @Test
  void theGuidesPressureHandlerDoesNotTrustAClientSetHeader() throws Exception {
    PressureMonitor m = monitor(PressureMonitor.builder().sampleInterval(Duration.ofMillis(10)).maxHeapUsedBytes(1));
    deploy(app(filter(DocExamples.handler(m))));
    await().atMost(PATIENCE).until(() -> get("/hello").statusCode() == 429);
    assertThat(get("/hello", "X-Priority", "high").statusCode()).as("a header any client can send").isEqualTo(429);
    assertThat(get("/hello", "X-Priority", "critical", "Authorization", "Basic b3BlcmF0b3I6eA==").statusCode())
        .as("no authenticated role").isEqualTo(429);
  }
}
