package dev.pressure.servlet;

import dev.pressure.servlet.internal.MethodGuard;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What the three endpoints share: they answer GET, and HEAD with the same status and headers
 * but no body (Kubernetes and load balancers probe with either), and OPTIONS; every other
 * method, TRACE included, gets 405 with {@code Allow} ({@link MethodGuard}).
 */
abstract class ProbeServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /**
   * Refuses methods other than GET, HEAD and OPTIONS before {@code HttpServlet} dispatches
   * (its {@code doTrace} would echo the request's headers).
   *
   * @param req the request
   * @param resp the response
   * @throws IOException when writing fails
   * @throws ServletException from {@code HttpServlet}
   */
  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    if (MethodGuard.admit(req, resp)) {
      super.service(req, resp);
    }
  }

  /**
   * Answers with a body.
   *
   * @param req the request
   * @param resp the response
   * @throws IOException when writing fails
   */
  @Override
  protected final void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    answer(resp, true);
  }

  /**
   * Answers like GET without a body.
   *
   * @param req the request
   * @param resp the response
   * @throws IOException when writing fails
   */
  @Override
  protected final void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    answer(resp, false);
  }

  /**
   * Writes the endpoint's answer.
   *
   * @param resp the response
   * @param withBody false for HEAD
   * @throws IOException when writing fails
   */
  abstract void answer(HttpServletResponse resp, boolean withBody) throws IOException;
}
