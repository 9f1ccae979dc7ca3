package dev.pressure.servlet.support;

import jakarta.servlet.ServletContainerInitializer;
import java.nio.file.Path;

/** A real servlet container on a loopback port chosen by the OS, deploying one web application at a time. */
public interface ServletContainer extends AutoCloseable {

  /** Context path every deployment uses, so paths within the context are tested, not raw URIs. */
  String CONTEXT_PATH = "/app";

  /** @return "jetty" or "tomcat" */
  String name();

  /** Starts the server with no web application. */
  void start() throws Exception;

  /** @return the bound port */
  int port();

  /**
   * Deploys a web application configured in code: the initializer runs at start-up and may
   * call {@code ServletContext.addFilter}/{@code addServlet}/{@code addListener}.
   */
  Deployment deploy(ServletContainerInitializer initializer) throws Exception;

  /** Deploys the web application in {@code dir} (which holds {@code WEB-INF/web.xml}). */
  Deployment deployWebXml(Path dir) throws Exception;

  @Override
  void close() throws Exception;
}
