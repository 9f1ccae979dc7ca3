package dev.pressure.bench.e2e;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The hello-world servlet: {@code GET} answers {@code 200} with a fixed 13-byte text body and a
 * {@code Content-Length}, so the connection stays alive and Jetty neither chunks nor buffers.
 * This is the cheapest honest request a servlet container serves, which makes it the harshest
 * case for a filter's relative cost: anything the filter adds is a large share of the work.
 *
 * <p>With {@link #status} other than 200 (the parser tests' {@code 500} case) it answers that
 * status with the same body.
 *
 * <p>Thread-safe and allocation-free per request (the body is one shared array).
 */
final class HelloServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  /** The body. */
  static final byte[] BODY = "Hello, world!".getBytes(StandardCharsets.US_ASCII);

  private final int status;

  /** @param status the status every {@code GET} gets */
  HelloServlet(int status) {
    this.status = status;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/plain");
    resp.setContentLength(BODY.length);
    resp.getOutputStream().write(BODY);
  }
}
