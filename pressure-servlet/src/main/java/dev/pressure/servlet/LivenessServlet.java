package dev.pressure.servlet;

import dev.pressure.PressureMonitor;
import dev.pressure.servlet.internal.PlainResponse;
import dev.pressure.servlet.internal.ServletParams;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The liveness endpoint: {@code 200 OK} unless the monitor's liveness check
 * ({@code PressureMonitor.Builder#livenessCheck}, or the {@code livenessCheck} param) fails, then
 * {@code 503}. Load never fails it: a pod under pressure should be drained and scaled, not
 * restarted; the filter never sheds it. GET, HEAD and OPTIONS (other methods get 405),
 * {@code text/plain}, never cached. Thread-safe.
 */
public final class LivenessServlet extends ProbeServlet {

  /** Body of the failing answer. */
  public static final String NOT_ALIVE = "Liveness check failed";

  private static final long serialVersionUID = 1L;

  private final transient PressureMonitor monitor;

  /** For containers: the monitor comes from the context. */
  public LivenessServlet() {
    this.monitor = null;
  }

  /**
   * An endpoint reporting {@code monitor}'s liveness check.
   *
   * @param monitor the monitor
   */
  public LivenessServlet(PressureMonitor monitor) {
    this.monitor = java.util.Objects.requireNonNull(monitor, "monitor");
  }

  /**
   * Refuses init-params (it takes none).
   *
   * @throws ServletException with {@code <param>: <what is allowed>. Found: <value>}
   */
  @Override
  public void init() throws ServletException {
    try {
      ServletParams.read(this, List.of(), monitor != null);
    } catch (IllegalArgumentException e) {
      throw new ServletException(e.getMessage(), e);
    }
  }

  @Override
  void answer(HttpServletResponse resp, boolean withBody) throws IOException {
    PressureMonitor m = monitor != null ? monitor : PressureServletContext.monitor(getServletContext());
    if (m == null) {
      PlainResponse.text(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, PlainResponse.NO_MONITOR, withBody);
    } else if (m.snapshot().alive()) {
      PlainResponse.text(resp, HttpServletResponse.SC_OK, "OK", withBody);
    } else {
      PlainResponse.text(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, NOT_ALIVE, withBody);
    }
  }
}
