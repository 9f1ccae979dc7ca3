package dev.pressure.servlet;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureReading;
import dev.pressure.PressureType;
import dev.pressure.Tier;
import dev.pressure.servlet.internal.PlainResponse;
import dev.pressure.servlet.internal.ProbeTarget;
import dev.pressure.servlet.internal.ServletParams;
import dev.pressure.servlet.internal.StatusJson;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The status endpoint (under-pressure's {@code exposeStatusRoute}): the monitor's snapshot as
 * JSON, {@code 200} with {@code "status":"ok"} when the judged tier is fine, {@code 503} with
 * {@code "status":"under pressure"} and the pressure {@code "type"} when not. It always answers
 * from the latest snapshot and never checks pressure to refuse work itself; exclude its path
 * from {@link UnderPressureFilter} so the filter does not shed it either. GET and HEAD.
 *
 * <p>The body holds {@code eventLoopDelay} (ms), {@code eventLoopUtilized} (0..1),
 * {@code heapUsed}, {@code heapAfterGc}, {@code rssBytes} (bytes), {@code healthy},
 * {@code alive}, {@code draining}, {@code latency} (quantiles in ms), {@code signals},
 * {@code failures}, {@code unsupported}, every tier's verdict under {@code tiers},
 * {@code snapshotAgeMillis}, {@code stale} (the snapshot is older than the monitor's
 * {@code staleAfter}, given as {@code staleAfterMillis}: the sampler stalls or fails, see the
 * monitor's stale policy), {@code sampled} and the snapshot's {@code sequence}. Everything comes
 * from one {@link dev.pressure.PressureReading} per response; values not measured are null.
 *
 * <p>Init-param: {@code tier} (default {@code "default"}). The monitor comes from the
 * constructor or from {@link PressureServletContext#MONITOR_ATTRIBUTE}. Thread-safe.
 */
public final class StatusServlet extends ProbeServlet {

  private static final long serialVersionUID = 1L;
  private static final List<String> PARAMS = List.of("tier");

  private final transient PressureMonitor monitor;
  /** The tier given in code; null when it comes from the init-param. */
  private final String tierName;
  private transient ProbeTarget target;
  private transient DrainSwitch drain;

  /** For containers: the monitor comes from the context, the tier from the {@code tier} init-param. */
  public StatusServlet() {
    this.monitor = null;
    this.tierName = null;
  }

  /**
   * An endpoint judging {@code monitor}'s default tier.
   *
   * @param monitor the monitor
   */
  public StatusServlet(PressureMonitor monitor) {
    this(monitor, PressureMonitor.DEFAULT_TIER);
  }

  /**
   * An endpoint judging one tier of {@code monitor}.
   *
   * @param monitor the monitor
   * @param tier a tier of the monitor
   * @throws IllegalArgumentException {@code tier: one of [...]. Found: ...}
   */
  public StatusServlet(PressureMonitor monitor, String tier) {
    monitor.tier(tier);
    this.monitor = monitor;
    this.tierName = tier;
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
      String tier = monitor != null ? tierName : params.getOrDefault("tier", PressureMonitor.DEFAULT_TIER);
      target = new ProbeTarget(monitor, tier, null);
      target.resolveEarly(getServletContext());
    } catch (IllegalArgumentException e) {
      throw new ServletException(e.getMessage(), e);
    }
    drain = PressureServletContext.drainSwitch(getServletContext());
  }

  @Override
  void answer(HttpServletResponse resp, boolean withBody) throws IOException {
    Tier tier = target.tier(getServletContext());
    if (tier == null) {
      PlainResponse.text(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, PlainResponse.NO_MONITOR, withBody);
      return;
    }
    PressureMonitor m = tier.monitor();
    // One reading per response: the status code, the body's values and every tier's verdict
    // come from the same snapshot and the same live-signal reads.
    PressureReading reading = m.read();
    PressureType type = reading.verdict(tier.name());
    String json = StatusJson.render(m, reading, tier.name(), drain.isDraining());
    PlainResponse.write(resp, type == null ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
        "application/json", json, withBody);
  }
}
