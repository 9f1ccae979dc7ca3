package dev.pressure.servlet.support;

import jakarta.servlet.ServletContext;
import java.net.URI;

/** One deployed (or failed) web application. */
public interface Deployment extends AutoCloseable {

  /** @return whether the application started */
  boolean started();

  /** @return why it did not start (the container's exception or logged cause), null when it did */
  Throwable failure();

  /** @return the application's context; only when started */
  ServletContext servletContext();

  /** @return {@code http://127.0.0.1:<port>/app} + path */
  URI uri(String path);

  /** Stops and removes the application. Idempotent. */
  @Override
  void close() throws Exception;
}
