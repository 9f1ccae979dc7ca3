package dev.pressure.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named {@code <prefix>-<n>}, so a monitor never keeps the JVM alive. The
 * factory remembers the threads it made, so their owner can wait for them to end: an
 * executor counts as terminated a moment before its last worker thread has exited.
 * Thread-safe.
 */
public final class DaemonThreadFactory implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger next = new AtomicInteger(1);
  private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();

  /**
   * A factory of daemon threads named {@code <prefix>-<n>}.
   *
   * @param prefix thread-name prefix, e.g. {@code pressure-health-3}
   */
  public DaemonThreadFactory(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + "-" + next.getAndIncrement());
    t.setDaemon(true);
    threads.removeIf(old -> old.getState() == Thread.State.TERMINATED); // pools replace idle threads
    threads.add(t);
    return t;
  }

  /**
   * Waits until every thread this factory made has ended, or {@code deadlineNanos} (a
   * {@link System#nanoTime()} reading) passes. The calling thread itself is not waited for.
   *
   * @param deadlineNanos when to stop waiting
   * @return true when every thread has ended
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitThreads(long deadlineNanos) throws InterruptedException {
    boolean all = true;
    for (Thread t : threads) {
      if (t == Thread.currentThread()) {
        continue;
      }
      long left = deadlineNanos - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(t, left);
      }
      all &= !t.isAlive();
    }
    return all;
  }
}
