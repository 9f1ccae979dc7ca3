package dev.pressure.servlet.internal;

import dev.pressure.internal.ConfigParser;
import jakarta.servlet.GenericServlet;
import java.util.List;
import java.util.Map;

/** Reads and checks an endpoint servlet's init-params. Stateless and thread-safe. */
public final class ServletParams {

  private ServletParams() {}

  /**
   * The servlet's init-params, refusing unknown names and, for a servlet configured in code,
   * any name.
   *
   * @param servlet the servlet
   * @param known the names it takes
   * @param configuredInCode whether the servlet was constructed with its configuration
   * @return name to value
   * @throws IllegalArgumentException {@code <param>: <what is allowed>. Found: <value>}
   */
  public static Map<String, String> read(GenericServlet servlet, List<String> known, boolean configuredInCode) {
    Map<String, String> params = InitParams.read(servlet.getInitParameterNames(), servlet::getInitParameter);
    if (configuredInCode) {
      for (Map.Entry<String, String> e : params.entrySet()) {
        throw ConfigParser.error(e.getKey(), "no init-params on a " + servlet.getClass().getSimpleName()
            + " constructed with its configuration", e.getValue());
      }
    }
    InitParams.refuseUnknown("init-param of " + servlet.getClass().getSimpleName(), params, known::contains, known);
    return params;
  }
}
