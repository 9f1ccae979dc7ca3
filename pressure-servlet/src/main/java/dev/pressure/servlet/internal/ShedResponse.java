package dev.pressure.servlet.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the shed answer: {@code 503}, {@code Retry-After}, {@code Cache-Control: no-store} and
 * {@code {"code":"UNDER_PRESSURE","error":"Service Unavailable","message":...,"statusCode":503,"type":...}}.
 * Bodies are rendered once per type and reused, so shedding a flood costs no JSON work.
 *
 * <p>Immutable apart from that cache; thread-safe.
 */
public final class ShedResponse {

  private final String retryAfter;
  private final String message;
  private final ConcurrentHashMap<String, byte[]> bodies = new ConcurrentHashMap<>();

  /**
   * @param retryAfterSeconds the {@code Retry-After} value
   * @param message the body's {@code message}, already validated
   */
  public ShedResponse(long retryAfterSeconds, String message) {
    this.retryAfter = Long.toString(retryAfterSeconds);
    this.message = message;
  }

  /**
   * Writes the answer, unless the response is already committed (then nothing can be said).
   *
   * @param response the response
   * @param type the pressure type's name, e.g. {@code heapUsedBytes} or {@code draining}
   * @param closeConnection whether to add {@code Connection: close} (draining)
   * @return true when written, false when the response was committed
   * @throws IOException when writing fails
   */
  public boolean write(HttpServletResponse response, String type, boolean closeConnection) throws IOException {
    return write(response, type, closeConnection, retryAfter);
  }

  /**
   * Writes the answer with its own {@code Retry-After} ({@code retryAfter=auto}).
   *
   * @param response the response
   * @param type the type's name, e.g. {@code concurrentRequests}
   * @param closeConnection whether to add {@code Connection: close}
   * @param retryAfterSeconds the header's value
   * @return true when written, false when the response was committed
   * @throws IOException when writing fails
   */
  public boolean write(HttpServletResponse response, String type, boolean closeConnection, long retryAfterSeconds)
      throws IOException {
    return write(response, type, closeConnection, Long.toString(retryAfterSeconds));
  }

  private boolean write(HttpServletResponse response, String type, boolean closeConnection, String retryAfter)
      throws IOException {
    if (response.isCommitted()) {
      return false;
    }
    byte[] body = bodies.get(type);
    if (body == null) {
      body = render(type);
      bodies.putIfAbsent(type, body);
    }
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    response.setHeader("Retry-After", retryAfter);
    response.setHeader("Cache-Control", "no-store");
    if (closeConnection) {
      response.setHeader("Connection", "close");
    }
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    return true;
  }

  private byte[] render(String type) {
    return new Json()
        .field("code", "UNDER_PRESSURE")
        .field("error", "Service Unavailable")
        .field("message", message)
        .field("statusCode", 503)
        .field("type", type)
        .finish()
        .getBytes(StandardCharsets.UTF_8);
  }
}
