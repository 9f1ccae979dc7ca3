package dev.pressure.bench.overload;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The measured endpoint: one unit of work on the {@link FixedCapacity}, then {@code 200 ok}.
 *
 * <p>Thread-safe.
 */
final class WorkServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);

  private final transient FixedCapacity capacity;

  WorkServlet(FixedCapacity capacity) {
    this.capacity = capacity;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    try {
      capacity.serve();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      resp.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
      return;
    }
    resp.setStatus(HttpServletResponse.SC_OK);
    resp.setContentType("text/plain");
    resp.setContentLength(OK.length);
    resp.getOutputStream().write(OK);
  }
}
