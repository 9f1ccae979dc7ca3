package dev.pressure.servlet.arrival;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

final class JettyArrivalServer implements ArrivalServer {
  private Server server;
  private ServerConnector connector;
  private QueuedThreadPool pool;

  @Override
  public void start(Filter filter, HttpServlet servlet, int workers) throws Exception {
    // One acceptor and one selector take two threads of the pool; no reserved threads, so
    // a job waits in the pool's queue once the workers are busy.
    pool = new QueuedThreadPool(workers + 2, workers + 2);
    pool.setReservedThreads(0);
    server = new Server(pool);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(servlet), "/*");
    server.setHandler(context);
    server.start();
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public int queuedTasks() {
    return pool.getQueueSize();
  }

  @Override
  public String expectedClock() {
    return "jetty";
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
