package dev.pressure.sample;

import dev.pressure.internal.ConfigParser;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The sample's listening sockets: the application connector on PORT, bounded to
 * MAX_CONNECTIONS so a flood of slow connections cannot use up the file descriptors the
 * probes need, and, with MANAGEMENT_PORT, a second connector for the probes, {@code /status}
 * and {@code /metrics}. Binding problems become the one-line {@code <VAR>: <allowed>. Found:
 * <value>} error. Not thread-safe; used while the server is built and started.
 */
final class Connectors {

  /** File descriptors kept free of application connections: the JVM's own, the management port's, the probes'. */
  static final int MIN_RESERVED_DESCRIPTORS = 128;
  /** Default when the file descriptor limit cannot be read (not a Unix JVM). */
  static final int FALLBACK_MAX_CONNECTIONS = 4096;
  /** How long an idle connection may stay while the application connector is at its limit. */
  static final long IDLE_TIMEOUT_AT_LIMIT_MS = 5_000;

  private Connectors() {}

  /**
   * The default MAX_CONNECTIONS: the file descriptor limit minus a quarter of it (at least
   * {@link #MIN_RESERVED_DESCRIPTORS}), e.g. 768 at {@code ulimit -n 1024}.
   *
   * @return at least 16
   */
  static int defaultMaxConnections() {
    long limit = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      limit = unix.getMaxFileDescriptorCount();
    }
    if (limit <= 0) {
      return FALLBACK_MAX_CONNECTIONS;
    }
    long reserved = Math.max(MIN_RESERVED_DESCRIPTORS, limit / 4);
    return (int) Math.max(16, Math.min(Integer.MAX_VALUE, limit - reserved));
  }

  /** Adds a connector on {@code host:port} named {@code name}. */
  static ServerConnector add(Server server, String host, int port, String name) {
    ServerConnector connector = new ServerConnector(server);
    connector.setName(name);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    return connector;
  }

  /** Bounds {@code connector} to {@code max} connections (accepting pauses at the limit). */
  static void limit(Server server, ServerConnector connector, int max) {
    ConnectionLimit limit = new ConnectionLimit(max, connector);
    limit.setIdleTimeout(IDLE_TIMEOUT_AT_LIMIT_MS);
    server.addBean(limit);
  }

  /**
   * Resolves the host and binds each connector before the server starts, so an unresolvable
   * host or a port in use is reported as the variable that is wrong.
   *
   * @param config the settings
   * @param app the application connector (PORT)
   * @param management the management connector (MANAGEMENT_PORT), or null
   * @throws IllegalArgumentException {@code HOST: ...}, {@code PORT: ...} or {@code MANAGEMENT_PORT: ...}
   */
  static void open(SampleConfig config, ServerConnector app, ServerConnector management) {
    try {
      InetAddress.getByName(config.host);
    } catch (UnknownHostException | SecurityException e) {
      throw ConfigParser.error("HOST", "an IP address or a host name that resolves on this machine", config.host);
    }
    open(app, "PORT", config.port, config.host);
    if (management != null) {
      open(management, "MANAGEMENT_PORT", config.managementPort, config.host);
    }
  }

  private static void open(ServerConnector connector, String variable, int port, String host) {
    try {
      connector.open();
    } catch (IOException | RuntimeException e) {
      throw ConfigParser.error(variable, "a port free on " + host + " (" + rootMessage(e) + ")", Integer.toString(port));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
