package dev.pressure.servlet.internal;

import dev.pressure.PressureMonitor;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;

/**
 * Picks the {@link ArrivalClock} once, when the filter starts: the container's (Jetty 12 ee10,
 * Tomcat 10.1+) when its classes are present and the monitor's clock is {@link System#nanoTime()},
 * else the filter's own. A container clock is only meaningful on the same clock as the
 * monitor's window: a monitor with an injected clock (tests) always gets the filter's.
 */
public final class ArrivalClocks {

  private static final System.Logger LOG = System.getLogger("dev.pressure.servlet");

  private ArrivalClocks() {
  }

  /**
   * @param context the filter's context (its server info and class loader say which container)
   * @param monitor the monitor whose clock the window uses
   * @return the clock to time requests with
   */
  public static ArrivalClock select(ServletContext context, PressureMonitor monitor) {
    ArrivalClock fallback = new FilterArrivalClock(monitor);
    if (!usesSystemClock(monitor)) {
      return fallback;
    }
    ArrivalClock chosen = fallback;
    String server = "?";
    try {
      server = String.valueOf(context.getServerInfo()).toLowerCase(java.util.Locale.ROOT);
      ClassLoader loader = context.getClassLoader() != null ? context.getClassLoader()
          : ArrivalClocks.class.getClassLoader();
      if (server.contains("jetty") && present("org.eclipse.jetty.ee10.servlet.ServletContextRequest", loader)) {
        chosen = JettyArrivalClock.resolve();
      } else if (server.contains("tomcat") && present("org.apache.catalina.connector.RequestFacade", loader)) {
        chosen = TomcatArrivalClock.resolve(loader);
      }
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      String on = server;
      LOG.log(Level.DEBUG, () -> "pressure: no container arrival time on " + on + " (" + e + "); "
          + "requests are timed from the filter");
    }
    ArrivalClock result = chosen;
    LOG.log(Level.DEBUG, () -> "pressure: requests are timed from the " + result.name() + " clock");
    return result;
  }

  private static boolean present(String className, ClassLoader loader) {
    try {
      // The adapter's own reference must resolve to the same class, so check through ours too.
      return Class.forName(className, false, loader) == Class.forName(className, false,
          ArrivalClocks.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * The filter's own clock, for a filter used before its {@code init} (tests drive it so).
   *
   * @param monitor the monitor
   * @return a clock that reads the monitor's clock when the filter sees the request
   */
  public static ArrivalClock filterClock(PressureMonitor monitor) {
    return new FilterArrivalClock(monitor);
  }

  /** The monitor reads {@link System#nanoTime()} when its readings fall between two of ours, three times. */
  static boolean usesSystemClock(PressureMonitor monitor) {
    for (int i = 0; i < 3; i++) {
      long before = System.nanoTime();
      long m = monitor.nanoTime();
      long after = System.nanoTime();
      if (m - before < 0 || after - m < 0) {
        return false;
      }
    }
    return true;
  }
}
