package dev.pressure.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads named {@code <prefix>-<n>}, so a monitor never keeps the JVM alive. */
public final class DaemonThreadFactory implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger next = new AtomicInteger(1);

  /** @param prefix thread-name prefix, e.g. {@code pressure-health-3} */
  public DaemonThreadFactory(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + "-" + next.getAndIncrement());
    t.setDaemon(true);
    return t;
  }
}
