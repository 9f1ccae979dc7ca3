package dev.pressure.servlet.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes the endpoints' short answers, never cached. Stateless and thread-safe. */
public final class PlainResponse {

  /** Answer while no monitor is published in the context. */
  public static final String NO_MONITOR = "No PressureMonitor in the ServletContext: add PressureContextListener "
      + "or UnderPressureFilter, or publish one under " + "dev.pressure.PressureMonitor";

  private PlainResponse() {}

  /**
   * Writes a status, {@code Cache-Control: no-store} and a body.
   *
   * @param response the response
   * @param status the HTTP status
   * @param contentType e.g. {@code text/plain;charset=UTF-8}
   * @param body the body
   * @param withBody false for HEAD: same status and headers, no body
   * @throws IOException when writing fails
   */
  public static void write(HttpServletResponse response, int status, String contentType, String body,
      boolean withBody) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType(contentType);
    response.setContentLength(bytes.length);
    if (withBody) {
      response.getOutputStream().write(bytes);
    }
  }

  /**
   * Writes a {@code text/plain} answer.
   *
   * @param response the response
   * @param status the HTTP status
   * @param body the body
   * @param withBody false for HEAD
   * @throws IOException when writing fails
   */
  public static void text(HttpServletResponse response, int status, String body, boolean withBody)
      throws IOException {
    write(response, status, "text/plain;charset=UTF-8", body, withBody);
  }
}
