package dev.pressure.admission.internal;

import dev.pressure.admission.Criticality;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Predicate;

/**
 * The gate's waiting requests: one deque per criticality level, oldest at the head, plus the
 * CoDel bookkeeping (when the queue was last empty). Not thread-safe: the gate's lock guards it.
 */
final class WaitQueue {

  private final ArrayDeque<QueuedTicket>[] levels;
  private int size;
  private long lastEmptyNanos;

  @SuppressWarnings("unchecked")
  WaitQueue(long now) {
    levels = new ArrayDeque[Criticality.values().length];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = new ArrayDeque<>();
    }
    lastEmptyNanos = now;
  }

  int size() {
    return size;
  }

  void add(QueuedTicket t, long now) {
    if (size == 0) {
      lastEmptyNanos = now; // it was empty until this moment
    }
    levels[t.criticality.ordinal()].addLast(t);
    size++;
  }

  /**
   * Whether the queue has stood (never been empty) for longer than {@code intervalNanos}: CoDel's
   * signal of a standing queue rather than a burst.
   */
  boolean standing(long now, long intervalNanos) {
    if (size == 0) {
      lastEmptyNanos = now;
      return false;
    }
    return now - lastEmptyNanos > intervalNanos;
  }

  /** The next to serve: the most critical level, its oldest (or newest when {@code lifo}). */
  QueuedTicket pollBest(boolean lifo, long now) {
    for (ArrayDeque<QueuedTicket> level : levels) {
      if (!level.isEmpty()) {
        return removed(lifo ? level.pollLast() : level.pollFirst(), now);
      }
    }
    return null;
  }

  /**
   * Removes the request a full queue gives up for an arrival of {@code arriving}: from the least
   * critical non-empty level strictly below it, the one that would be served last.
   *
   * @return the displaced request, or null when nothing queued is less critical
   */
  QueuedTicket displaceBelow(Criticality arriving, boolean lifo, long now) {
    for (int i = levels.length - 1; i > arriving.ordinal(); i--) {
      if (!levels[i].isEmpty()) {
        return removed(lifo ? levels[i].pollFirst() : levels[i].pollLast(), now);
      }
    }
    return null;
  }

  boolean remove(QueuedTicket t, long now) {
    if (levels[t.criticality.ordinal()].remove(t)) {
      removed(t, now);
      return true;
    }
    return false;
  }

  /** Removes every request {@code doomed} selects, handing each to {@code sink}. */
  void removeIf(Predicate<QueuedTicket> doomed, java.util.function.Consumer<QueuedTicket> sink, long now) {
    for (ArrayDeque<QueuedTicket> level : levels) {
      for (Iterator<QueuedTicket> it = level.iterator(); it.hasNext(); ) {
        QueuedTicket t = it.next();
        if (doomed.test(t)) {
          it.remove();
          removed(t, now);
          sink.accept(t);
        }
      }
    }
  }

  private QueuedTicket removed(QueuedTicket t, long now) {
    if (--size == 0) {
      lastEmptyNanos = now;
    }
    return t;
  }
}
