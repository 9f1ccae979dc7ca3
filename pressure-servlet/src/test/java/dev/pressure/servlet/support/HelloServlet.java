package dev.pressure.servlet.support;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Answers {@code 200 hello}, or {@code ?status=N} with that status. */
public class HelloServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String status = req.getParameter("status");
    if (status != null) {
      resp.setStatus(Integer.parseInt(status));
    }
    resp.setContentType("text/plain");
    resp.getWriter().write("hello");
  }
}
