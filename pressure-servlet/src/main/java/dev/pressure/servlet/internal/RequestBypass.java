package dev.pressure.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which requests go straight down the chain, neither judged nor timed: those mapped to the
 * library's probe servlets ({@link ProbeServlets}) and those on canonical paths that
 * {@code excludePaths} covers ({@link ExcludedPaths}). Immutable and thread-safe; allocation-free.
 */
public final class RequestBypass {

  private final ProbeServlets probes;
  private final ExcludedPaths excluded;

  /**
   * @param probes the probe servlets of the filter's context
   * @param excluded the configured exclusions
   */
  public RequestBypass(ProbeServlets probes, ExcludedPaths excluded) {
    this.probes = probes;
    this.excluded = excluded;
  }

  /**
   * @param request a request at the filter
   * @return true when it must pass unjudged and untimed
   */
  public boolean test(HttpServletRequest request) {
    return probes.isProbe(request)
        || (!excluded.isEmpty() && excluded.matches(request.getServletPath(), request.getPathInfo()));
  }
}
