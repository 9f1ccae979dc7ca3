package dev.pressure.servlet.internal;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Tomcat 10.1+: {@code org.apache.coyote.Request#getStartTimeNanos()}, the
 * {@link System#nanoTime()} at which Tomcat started reading the request line. Tomcat's
 * {@code RequestFacade} keeps the connector request in a protected field, so the path to it is
 * resolved once, reflectively, when the filter starts (tomcat-embed-core also carries the
 * servlet API packages, so a compile-time {@code requires} would split them); nothing here
 * loads unless Tomcat's classes are present. A request of another class, or one without a
 * start time, starts on the filter's clock.
 */
final class TomcatArrivalClock implements ArrivalClock {

  private final Class<?> facadeClass;
  private final MethodHandle startNanos; // (RequestFacade) -> long

  private TomcatArrivalClock(Class<?> facadeClass, MethodHandle startNanos) {
    this.facadeClass = facadeClass;
    this.startNanos = startNanos;
  }

  /**
   * Resolves Tomcat's classes through {@code loader}.
   *
   * @param loader a loader that sees Tomcat's classes
   * @return the clock
   * @throws ReflectiveOperationException when this Tomcat lacks any part of the path
   */
  static TomcatArrivalClock resolve(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> facade = Class.forName("org.apache.catalina.connector.RequestFacade", false, loader);
    Class<?> connectorRequest = Class.forName("org.apache.catalina.connector.Request", false, loader);
    Class<?> coyoteRequest = Class.forName("org.apache.coyote.Request", false, loader);
    Module self = TomcatArrivalClock.class.getModule();
    self.addReads(facade.getModule());
    MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(facade, MethodHandles.lookup());
    MethodHandle field = lookup.findGetter(facade, "request", connectorRequest);
    MethodHandle coyote = MethodHandles.publicLookup().findVirtual(connectorRequest, "getCoyoteRequest",
        MethodType.methodType(coyoteRequest));
    MethodHandle start = MethodHandles.publicLookup().findVirtual(coyoteRequest, "getStartTimeNanos",
        MethodType.methodType(long.class));
    MethodHandle chain = MethodHandles.filterReturnValue(MethodHandles.filterReturnValue(field, coyote), start);
    return new TomcatArrivalClock(facade, chain.asType(MethodType.methodType(long.class, Object.class)));
  }

  @Override
  public long startNanos(HttpServletRequest request) {
    ServletRequest r = request;
    // Behind a wrapper (the filter's own admission wrapper, an application's): Tomcat's facade.
    while (r instanceof ServletRequestWrapper w) {
      r = w.getRequest();
    }
    if (r.getClass() == facadeClass) {
      try {
        long t = (long) startNanos.invokeExact((Object) r);
        if (t != -1) { // -1: Tomcat has not set it
          return t;
        }
      } catch (Throwable e) {
        // A facade that was recycled or a null connector request: time from here.
      }
    }
    return System.nanoTime();
  }

  @Override
  public String name() {
    return "tomcat";
  }
}
