package dev.pressure.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExcludedPathsTest {

  private final ExcludedPaths paths = ExcludedPaths.parse("excludePaths", " /status , /health/*,/metrics");

  @ParameterizedTest(name = "servletPath={0} pathInfo={1}")
  @CsvSource(nullValues = "null", value = {
      "/status, null",
      "'', /status", // mapped at /*: everything is path info
      "/health, null",
      "/health, /ready",
      "/health/ready, null",
      "'', /health/live/deep",
      "/metrics, null",
  })
  void excluded(String servletPath, String pathInfo) {
    assertThat(paths.matches(servletPath, pathInfo)).isTrue();
  }

  @ParameterizedTest(name = "servletPath={0} pathInfo={1}")
  @CsvSource(nullValues = "null", value = {
      "/statusx, null",
      "/status, /x",
      "/healthy, null",
      "'', /healthz",
      "/metric, null",
      "/, null",
      "'', null",
  })
  void notExcluded(String servletPath, String pathInfo) {
    assertThat(paths.matches(servletPath, pathInfo)).isFalse();
  }

  @Test
  void blankMeansNone() {
    assertThat(ExcludedPaths.parse("excludePaths", "  ").isEmpty()).isTrue();
    assertThat(ExcludedPaths.parse("excludePaths", "").matches("/anything", null)).isFalse();
  }

  @Test
  void slashStarExcludesEverything() {
    ExcludedPaths all = ExcludedPaths.parse("excludePaths", "/*");
    assertThat(all.matches("", "/x")).isTrue();
    assertThat(all.matches("/", null)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "/a/*/b", "/a*", "/a,,/b", "/a,", "/a b", "/**"})
  void refusesPatternsAServletMappingWouldNot(String text) {
    assertThatThrownBy(() -> ExcludedPaths.parse("excludePaths", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("excludePaths: ")
        .hasMessageContaining("Found: ");
  }

  @ParameterizedTest(name = "servletPath={0} pathInfo={1}")
  @CsvSource(nullValues = "null", value = {
      "/health/../api/x, null", // Jetty 12.0 for /health;/../api/x
      "/health, /../api/x",
      "/health/./x, null",
      "/health, /..",
      "/health, /.",
      "'', //health/x",
      "/health//x, null",
      "/health;jsessionid=1, null",
      "/status;, null",
      "/health\\x, null",
  })
  void nonCanonicalPathsAreNeverExcluded(String servletPath, String pathInfo) {
    assertThat(PathCanonical.isCanonical(servletPath, pathInfo)).isFalse();
    assertThat(paths.matches(servletPath, pathInfo)).isFalse();
  }

  @ParameterizedTest(name = "servletPath={0} pathInfo={1}")
  @CsvSource(nullValues = "null", value = {"/health/, null", "/health, /ready/", "/health/..x, null", "/health/.x, null"})
  void dotsInsideANameAndATrailingSlashAreCanonical(String servletPath, String pathInfo) {
    assertThat(PathCanonical.isCanonical(servletPath, pathInfo)).isTrue();
    assertThat(paths.matches(servletPath, pathInfo)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/app", "/app/*", "/app/health/*", "/status,/app/health"})
  void patternsThatIncludeTheContextPathAreRefused(String text) {
    ExcludedPaths p = ExcludedPaths.parse("excludePaths", text);
    assertThatThrownBy(() -> p.refuseContextPath("excludePaths", "/app"))
        .hasMessage("excludePaths: comma-separated paths starting with '/', each exact (/health) or a prefix "
            + "pattern (/health/*), within the context: without the context path /app. Found: \"" + text + "\"");
    p.refuseContextPath("excludePaths", ""); // the root context has no prefix to confuse
  }

  @Test
  void aPathThatOnlyStartsLikeTheContextPathIsAccepted() {
    ExcludedPaths.parse("excludePaths", "/apple/*").refuseContextPath("excludePaths", "/app");
    assertThat(ExcludedPaths.parse("excludePaths", "/apple/*").matches("/apple", null)).isTrue();
  }
}
