package dev.pressure.sample;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * The performance-sandbox's constrained resource: at most {@code concurrency} tasks execute at
 * once, the rest wait in FIFO order. A task takes {@code taskNanos}; it holds no thread while it
 * runs or waits (completion is scheduled), so the queue can hold many requests cheaply.
 *
 * <p>{@link #waiting()} is what the sandbox's {@code queue_ratio} is made of. Admission is
 * bounded atomically by {@link #tryEnqueue}: the filter's live check runs first, and this bound
 * backs it up when two requests pass the check at the same moment. Thread-safe.
 */
final class ExpensiveOpQueue {

  private final int concurrency;
  private final long taskNanos;
  private final ScheduledExecutorService timer;
  private final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger executing = new AtomicInteger();

  ExpensiveOpQueue(int concurrency, long taskNanos, ScheduledExecutorService timer) {
    this.concurrency = concurrency;
    this.taskNanos = taskNanos;
    this.timer = timer;
  }

  /** @return tasks admitted but not yet executing */
  int waiting() {
    return waiting.get();
  }

  /** @return tasks executing now */
  int executing() {
    return executing.get();
  }

  /** @return the configured concurrency */
  int concurrency() {
    return concurrency;
  }

  /**
   * Admits a task unless that would leave more than {@code maxWaiting} tasks waiting.
   *
   * @param maxWaiting the most tasks that may wait
   * @param onDone called with the task's duration in nanoseconds (enqueue to completion), on a timer thread
   * @return false when refused
   */
  boolean tryEnqueue(int maxWaiting, LongConsumer onDone) {
    int w;
    do {
      w = waiting.get();
      if (w >= maxWaiting) {
        return false;
      }
    } while (!waiting.compareAndSet(w, w + 1));
    queue.add(new Task(System.nanoTime(), onDone));
    startNext();
    return true;
  }

  private void startNext() {
    while (true) {
      int running = executing.get();
      if (running >= concurrency) {
        return;
      }
      if (!executing.compareAndSet(running, running + 1)) {
        continue;
      }
      Task task = queue.poll();
      if (task == null) {
        executing.decrementAndGet();
        // A task may have been added between poll and decrement: look again.
        if (queue.isEmpty()) {
          return;
        }
        continue;
      }
      waiting.decrementAndGet();
      timer.schedule(() -> finish(task), taskNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void finish(Task task) {
    long duration = System.nanoTime() - task.enqueuedNanos;
    // Hand the slot to the next waiting task before answering: a client that sends its next
    // request the moment it reads this answer must find one task fewer waiting (with
    // CONCURRENCY=1 and 5 clients, answering first would shed a client of a full queue).
    executing.decrementAndGet();
    startNext();
    task.onDone.accept(duration);
  }

  private static final class Task {
    final long enqueuedNanos;
    final LongConsumer onDone;

    Task(long enqueuedNanos, LongConsumer onDone) {
      this.enqueuedNanos = enqueuedNanos;
      this.onDone = onDone;
    }
  }
}
