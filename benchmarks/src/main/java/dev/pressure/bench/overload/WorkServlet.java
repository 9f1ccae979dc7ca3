package dev.pressure.bench.overload;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The measured endpoint: one unit of work on the {@link FixedCapacity}, then {@code 200 ok}.
 * A request that carries its intended send time ({@link RequestMarks#INTENDED_HEADER}) has its
 * service time recorded in the {@link ServiceLog}; others are not recorded.
 *
 * <p>Thread-safe.
 */
final class WorkServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);

  private final transient FixedCapacity capacity;
  private final transient ServiceLog log;

  WorkServlet(FixedCapacity capacity, ServiceLog log) {
    this.capacity = capacity;
    this.log = log;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String intended = req.getHeader(RequestMarks.INTENDED_HEADER);
    try {
      long began = capacity.serve();
      if (intended != null) {
        log.record(parseOr(intended, began), began, System.nanoTime());
      }
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

  /** The header's nanoTime, or {@code fallback} (no deadline passed) when it is malformed. */
  private static long parseOr(String value, long fallback) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
