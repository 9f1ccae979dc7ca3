package dev.pressure.sample;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/** Notes when an {@code /expensive-op} request arrived, before it may wait at the gate. */
final class ArrivalFilter implements Filter {

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    req.setAttribute(ExpensiveOpServlet.ARRIVAL_ATTRIBUTE, System.nanoTime());
    chain.doFilter(req, res);
  }
}
