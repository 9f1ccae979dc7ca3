package dev.pressure.servlet.support;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Throws what {@code ?kind=} says: {@code runtime} (RuntimeException) or {@code error} (Error). */
public class ThrowingServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    if ("error".equals(req.getParameter("kind"))) {
      throw new TestError("thrown by ThrowingServlet");
    }
    throw new IllegalStateException("thrown by ThrowingServlet");
  }

  /** An Error that is not a VirtualMachineError, so containers turn it into a 500 and go on. */
  public static final class TestError extends Error {
    private static final long serialVersionUID = 1L;

    TestError(String message) {
      super(message);
    }
  }
}
