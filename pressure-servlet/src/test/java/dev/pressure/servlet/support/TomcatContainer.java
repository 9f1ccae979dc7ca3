package dev.pressure.servlet.support;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat 10.1. Tomcat does not throw when a web application fails to start: it logs
 * the cause and leaves the context unavailable, so deployments capture Catalina's log records.
 */
public final class TomcatContainer implements ServletContainer {

  private static final Logger CATALINA = Logger.getLogger("org.apache.catalina");

  private Tomcat tomcat;
  private Path baseDir;
  private Path emptyDocBase;

  @Override
  public String name() {
    return "tomcat";
  }

  @Override
  public void start() throws Exception {
    baseDir = Files.createTempDirectory("pressure-tomcat");
    emptyDocBase = Files.createDirectories(baseDir.resolve("docbase"));
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    tomcat.getHost().setAutoDeploy(false);
    tomcat.start();
  }

  @Override
  public int port() {
    return tomcat.getConnector().getLocalPort();
  }

  @Override
  public Deployment deploy(ServletContainerInitializer initializer) throws Exception {
    StandardContext context = newContext(emptyDocBase);
    context.addLifecycleListener(new Tomcat.FixContextListener());
    context.addServletContainerInitializer(initializer, null);
    return start(context);
  }

  @Override
  public Deployment deployWebXml(Path dir) throws Exception {
    StandardContext context = newContext(dir);
    ContextConfig config = new ContextConfig();
    config.setDefaultWebXml(tomcat.noDefaultWebXmlPath());
    context.addLifecycleListener(config);
    StandardJarScanner scanner = new StandardJarScanner();
    scanner.setScanClassPath(false); // the test class path is not the application's
    scanner.setScanManifest(false);
    context.setJarScanner(scanner);
    return start(context);
  }

  private static StandardContext newContext(Path docBase) {
    StandardContext context = new StandardContext();
    context.setName(CONTEXT_PATH);
    context.setPath(CONTEXT_PATH);
    context.setDocBase(docBase.toString());
    return context;
  }

  private Deployment start(StandardContext context) {
    List<Throwable> logged = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
          logged.add(record.getThrown() != null ? record.getThrown() : new IllegalStateException(record.getMessage()));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    CATALINA.addHandler(capture);
    Host host = tomcat.getHost();
    try {
      host.addChild(context); // starts it: the host is running
    } catch (RuntimeException e) {
      logged.add(e);
    } finally {
      CATALINA.removeHandler(capture);
    }
    Throwable failure = null;
    if (!context.getState().isAvailable()) {
      failure = logged.isEmpty() ? new IllegalStateException("context " + context.getState()) : logged.get(0);
    }
    return new TomcatDeployment(context, failure);
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    try (var paths = Files.walk(baseDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }

  private final class TomcatDeployment implements Deployment {
    private final Context context;
    private final Throwable failure;
    private boolean closed;

    TomcatDeployment(Context context, Throwable failure) {
      this.context = context;
      this.failure = failure;
    }

    @Override
    public boolean started() {
      return failure == null;
    }

    @Override
    public Throwable failure() {
      return failure;
    }

    @Override
    public ServletContext servletContext() {
      return context.getServletContext();
    }

    @Override
    public URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port() + CONTEXT_PATH + path);
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      tomcat.getHost().removeChild(context); // stops and destroys it
    }
  }
}
