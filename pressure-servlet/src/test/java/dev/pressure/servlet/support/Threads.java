package dev.pressure.servlet.support;

import java.lang.management.ManagementFactory;

/** Live-thread counts for leak checks. */
public final class Threads {

  private Threads() {}

  /** @return live threads whose name starts with {@code prefix} */
  public static long named(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  /** @return all live threads */
  public static int all() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }
}
