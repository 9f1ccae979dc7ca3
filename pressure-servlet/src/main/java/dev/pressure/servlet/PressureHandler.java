package dev.pressure.servlet;

import dev.pressure.PressureType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Decides what happens to a request that arrives under pressure, instead of the default
 * {@code 503} answer (under-pressure's {@code pressureHandler}). It may answer the request
 * itself (a cached page, a 429, a redirect) and return {@link Outcome#ANSWERED}, or let it
 * through with {@link Outcome#CONTINUE}, for example for health-critical callers.
 *
 * <p>Called on the request thread, only while the filter's tier is under pressure; it must be
 * thread-safe and should be quick. An answered request counts as shed; a request let through
 * is timed and counted in flight like any other. The handler must not write to a committed
 * response (check {@link HttpServletResponse#isCommitted()}). For web.xml, name a class with a
 * public no-arg constructor in the filter's {@code pressureHandler} init-param.
 */
@FunctionalInterface
public interface PressureHandler {

  /** What the handler did with the request. */
  enum Outcome {
    /** The request goes down the filter chain as if there were no pressure. */
    CONTINUE,
    /** The handler answered; the chain is not called and the request counts as shed. */
    ANSWERED
  }

  /**
   * Handles a request that arrived under pressure.
   *
   * @param request the request
   * @param response the response, not committed when the filter calls the handler
   * @param type the signal that put the filter's tier under pressure
   * @param value the value that check compared with its limit, in its unit (milliseconds, bytes, 0..1):
   *     heap after GC with {@code heapUsedAfterGc(true)}, a live signal as the check read it
   * @return whether the request continues or was answered; null counts as {@link Outcome#ANSWERED}
   * @throws IOException when writing the answer fails
   * @throws ServletException for any other failure
   */
  Outcome handle(HttpServletRequest request, HttpServletResponse response, PressureType type, double value)
      throws IOException, ServletException;
}
