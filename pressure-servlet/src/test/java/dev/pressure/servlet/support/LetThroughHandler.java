package dev.pressure.servlet.support;

import dev.pressure.PressureType;
import dev.pressure.servlet.PressureHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Lets requests with {@code X-Priority: high} through; answers the rest with
 * {@code 429 custom <type> <value>}.
 */
public class LetThroughHandler implements PressureHandler {
  @Override
  public Outcome handle(HttpServletRequest request, HttpServletResponse response, PressureType type, double value)
      throws IOException {
    if ("high".equals(request.getHeader("X-Priority"))) {
      return Outcome.CONTINUE;
    }
    response.setStatus(429);
    response.setContentType("text/plain");
    response.getWriter().write("custom " + type.name() + " " + (long) value);
    return Outcome.ANSWERED;
  }
}
