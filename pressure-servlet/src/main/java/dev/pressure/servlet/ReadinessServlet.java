package dev.pressure.servlet;

import dev.pressure.internal.ConfigParser;
import dev.pressure.PressureMonitor;
import dev.pressure.Tier;
import dev.pressure.servlet.internal.PlainResponse;
import dev.pressure.servlet.internal.ProbeTarget;
import dev.pressure.servlet.internal.ServletParams;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The readiness endpoint of the articles: {@code 200 OK} while its tier is fine, else
 * {@code 429 Unable to accept new requests} (status configurable), so Kubernetes stops routing
 * to this pod before the shedding tier trips. It judges its own, lower threshold set: the
 * {@code "readiness"} tier when the monitor has one, else the default tier. Once the
 * application drains ({@link DrainSwitch}) it fails at once. GET and HEAD, {@code text/plain},
 * never cached; it never refuses work itself, so exclude its path from the filter.
 *
 * <p>Init-params: {@code tier} (default {@code "readiness"} if that tier exists, else
 * {@code "default"}), {@code status} (the failing status, 400..599, default 429).
 * Thread-safe.
 */
public final class ReadinessServlet extends ProbeServlet {

  /** Tier judged by default when the monitor has it. */
  public static final String READINESS_TIER = "readiness";
  /** Default failing status: 429, as the articles. */
  public static final int DEFAULT_STATUS = 429;
  /** Body of the failing answer, as the articles. */
  public static final String NOT_READY = "Unable to accept new requests";

  private static final long serialVersionUID = 1L;
  private static final List<String> PARAMS = List.of("tier", "status");

  private final transient PressureMonitor monitor;
  /** The tier given in code; null when it comes from the init-param. */
  private final String tierName;
  /** The failing status. */
  private int status;
  private transient ProbeTarget target;
  private transient DrainSwitch drain;

  /** For containers: the monitor comes from the context, the rest from init-params. */
  public ReadinessServlet() {
    this.monitor = null;
    this.tierName = null;
    this.status = DEFAULT_STATUS;
  }

  /**
   * An endpoint judging one tier of {@code monitor}.
   *
   * @param monitor the monitor
   * @param tier a tier of the monitor, e.g. {@code "readiness"}
   * @param status the failing status, 400..599
   * @throws IllegalArgumentException {@code <name>: <what is allowed>. Found: <value>}
   */
  public ReadinessServlet(PressureMonitor monitor, String tier, int status) {
    monitor.tier(tier);
    this.monitor = monitor;
    this.tierName = tier;
    this.status = checkStatus(status);
  }

  private static int checkStatus(long status) {
    if (status < 400 || status > 599) {
      throw ConfigParser.error("status", "a whole number in [400, 599]", status);
    }
    return (int) status;
  }

  /**
   * Reads the init-params and finds the monitor.
   *
   * @throws ServletException with {@code <param>: <what is allowed>. Found: <value>} on bad config
   */
  @Override
  public void init() throws ServletException {
    try {
      Map<String, String> params = ServletParams.read(this, PARAMS, monitor != null);
      if (params.containsKey("status")) {
        status = (int) ConfigParser.integer("status", params.get("status"), 400, 599);
      }
      target = new ProbeTarget(monitor, monitor != null ? tierName : params.get("tier"), READINESS_TIER);
      target.resolveEarly(getServletContext());
    } catch (IllegalArgumentException e) {
      throw new ServletException(e.getMessage(), e);
    }
    drain = PressureServletContext.drainSwitch(getServletContext());
  }

  @Override
  void answer(HttpServletResponse resp, boolean withBody) throws IOException {
    if (drain.isDraining()) {
      PlainResponse.text(resp, status, NOT_READY, withBody);
      return;
    }
    Tier tier = target.tier(getServletContext());
    if (tier == null) {
      PlainResponse.text(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, PlainResponse.NO_MONITOR, withBody);
    } else if (tier.check(tier.monitor().snapshot(), tier.monitor().nanoTime()) != null) {
      PlainResponse.text(resp, status, NOT_READY, withBody);
    } else {
      PlainResponse.text(resp, HttpServletResponse.SC_OK, "OK", withBody);
    }
  }
}
