package dev.pressure.spring.boot.autoconfigure.internal;

import jakarta.servlet.ServletContext;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * On context close, before the web server's graceful shutdown (a later phase stops first):
 * readiness goes to {@code REFUSING_TRAFFIC} and the filter starts draining, so new work gets
 * 503 while Spring's graceful shutdown waits for the requests in flight. Thread-safe.
 */
public final class DrainOnShutdown implements SmartLifecycle {

  /** Stops before {@code WebServerGracefulShutdownLifecycle} (DEFAULT_PHASE - 1024). */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private final ApplicationContext context;
  private final ServletContext servletContext;
  private volatile boolean running;

  /**
   * Creates the lifecycle.
   *
   * @param context the application context, for the availability event
   * @param servletContext the servlet context whose filter drains
   */
  public DrainOnShutdown(ApplicationContext context, ServletContext servletContext) {
    this.context = context;
    this.servletContext = servletContext;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
    CoreBridge.drain(servletContext);
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
