package dev.pressure.bench.overload;

import dev.pressure.admission.Criticality;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.QoSHandler;

/**
 * Jetty's {@code QoSHandler} with its own priority feature: the protected
 * {@code getPriority(Request)} overridden, as its Javadoc invites, to read the same
 * criticality header the pressure configurations read. QoSHandler resumes suspended requests
 * highest priority first ({@code CRITICAL_PLUS} 3 ... {@code SHEDDABLE} 0, a missing or unknown
 * header 0); it does not displace a suspended request when its suspend queue is full, and a
 * request admitted at once never waits, whatever its priority. That is the feature as Jetty
 * ships it.
 *
 * <p>Thread-safe, as QoSHandler.
 */
final class CriticalityQoSHandler extends QoSHandler {

  /** @param handler the protected handler */
  CriticalityQoSHandler(Handler handler) {
    super(handler);
  }

  @Override
  protected int getPriority(Request request) {
    Criticality c = Criticality.parse(request.getHeaders().get(RequestMarks.CRITICALITY_HEADER));
    return c == null ? 0 : Criticality.values().length - 1 - c.ordinal();
  }
}
