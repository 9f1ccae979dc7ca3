package dev.pressure.servlet.arrival;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

final class TomcatArrivalServer implements ArrivalServer {
  private Tomcat tomcat;

  @Override
  public void start(Filter filter, HttpServlet servlet, int workers) throws Exception {
    Path base = Files.createTempDirectory("pressure-arrival");
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    tomcat.getConnector().setProperty("maxThreads", Integer.toString(workers));
    tomcat.getConnector().setProperty("minSpareThreads", Integer.toString(workers));
    Context context = tomcat.addContext("", Files.createDirectories(base.resolve("docbase")).toString());
    Tomcat.addServlet(context, "work", servlet);
    context.addServletMappingDecoded("/*", "work");
    FilterDef def = new FilterDef();
    def.setFilterName("pressure");
    def.setFilter(filter);
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("pressure");
    map.addURLPattern("/*");
    context.addFilterMap(map);
    tomcat.start();
  }

  @Override
  public int port() {
    return tomcat.getConnector().getLocalPort();
  }

  @Override
  public int queuedTasks() {
    return ((ThreadPoolExecutor) tomcat.getConnector().getProtocolHandler().getExecutor()).getQueue().size();
  }

  @Override
  public String expectedClock() {
    return "tomcat";
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
