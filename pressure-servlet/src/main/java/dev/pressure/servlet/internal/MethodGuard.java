package dev.pressure.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The methods the probe and status endpoints answer: {@code GET} and {@code HEAD}, and
 * {@code OPTIONS} (an empty {@code 200} with {@code Allow}). Everything else, {@code TRACE}
 * included (which {@code HttpServlet} would otherwise answer by echoing the request's headers,
 * cookies and credentials included), gets {@code 405} with {@code Allow}. Stateless and thread-safe.
 */
public final class MethodGuard {

  /** The {@code Allow} header's value. */
  public static final String ALLOW = "GET, HEAD, OPTIONS";

  private MethodGuard() {}

  /**
   * Answers {@code OPTIONS} and refused methods.
   *
   * @param request the request
   * @param response the response
   * @return true when the method is GET or HEAD and the endpoint should answer; false when
   *     this call answered
   * @throws IOException when writing fails
   */
  public static boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String method = request.getMethod();
    if ("GET".equals(method) || "HEAD".equals(method)) {
      return true;
    }
    response.setHeader("Allow", ALLOW);
    if ("OPTIONS".equals(method)) {
      response.setStatus(HttpServletResponse.SC_OK);
      response.setHeader("Cache-Control", "no-store");
      response.setContentLength(0);
      return false;
    }
    PlainResponse.text(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed", true);
    return false;
  }
}
