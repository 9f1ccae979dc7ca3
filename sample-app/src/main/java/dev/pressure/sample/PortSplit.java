package dev.pressure.sample;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * With MANAGEMENT_PORT, keeps {@code /status} and {@code /metrics} off the application port
 * and the application off the management port (404 either way); the probes answer on both.
 * One web application serves both connectors, so the probes share its drain switch and
 * filters. Thread-safe; allocation-free.
 */
final class PortSplit implements Filter {

  static final Set<String> MANAGEMENT_ONLY = Set.of("/status", "/metrics");
  static final Set<String> BOTH = Set.of("/readiness", "/liveness");

  private final IntSupplier managementPort;

  /** @param managementPort the management connector's local port (known once it is open) */
  PortSplit(IntSupplier managementPort) {
    this.managementPort = managementPort;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    String path = request.getServletPath();
    boolean onManagement = request.getLocalPort() == managementPort.getAsInt();
    boolean allowed = BOTH.contains(path) || (onManagement == MANAGEMENT_ONLY.contains(path));
    if (!allowed) {
      ((HttpServletResponse) res).sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    chain.doFilter(req, res);
  }
}
