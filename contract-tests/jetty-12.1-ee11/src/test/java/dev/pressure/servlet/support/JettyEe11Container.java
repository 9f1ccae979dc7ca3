package dev.pressure.servlet.support;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.nio.file.Path;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/** Jetty 12.1, ee11 environment (Servlet 6.1): JettyContainer of pressure-servlet on the ee11 classes. */
public final class JettyEe11Container implements ServletContainer {

  private Server server;
  private ServerConnector connector;
  private ContextHandlerCollection contexts;

  @Override
  public String name() {
    return "jetty-ee11";
  }

  @Override
  public void start() throws Exception {
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    contexts = new ContextHandlerCollection(true);
    server.setHandler(contexts);
    server.start();
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public Deployment deploy(ServletContainerInitializer initializer) throws Exception {
    ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH);
    context.addServletContainerInitializer(initializer);
    return start(context);
  }

  @Override
  public Deployment deployWebXml(Path dir) throws Exception {
    WebAppContext context = new WebAppContext();
    context.setContextPath(CONTEXT_PATH);
    context.setWar(dir.toString());
    context.setThrowUnavailableOnStartupException(true);
    return start(context);
  }

  private Deployment start(ContextHandler context) {
    context.setServer(server);
    Throwable failure = null;
    try {
      context.start();
      contexts.addHandler(context);
    } catch (Throwable t) {
      failure = t;
      try {
        context.stop();
      } catch (Exception ignored) {
        // already failed; the failure is what the test looks at
      }
    }
    return new JettyDeployment(context, failure);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private final class JettyDeployment implements Deployment {
    private final ContextHandler context;
    private final Throwable failure;
    private boolean closed;

    JettyDeployment(ContextHandler context, Throwable failure) {
      this.context = context;
      this.failure = failure;
    }

    @Override
    public boolean started() {
      return failure == null && context.isStarted();
    }

    @Override
    public Throwable failure() {
      return failure;
    }

    @Override
    public ServletContext servletContext() {
      return ((ServletContextHandler) context).getServletContext();
    }

    @Override
    public URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port() + CONTEXT_PATH + path);
    }

    @Override
    public void close() throws Exception {
      if (closed) {
        return;
      }
      closed = true;
      contexts.removeHandler(context);
      context.stop();
    }
  }
}
