package dev.pressure.bench.overload;

import java.io.IOException;
import java.util.List;

/**
 * A load generator for the harness: an open-loop schedule (latency from the intended send
 * time) and a closed loop (for capacity). {@link #sendLag()} says how well the schedule was held.
 */
interface LoadClient extends AutoCloseable {

  /**
   * Sends requests on the schedule, the first at {@code startNanos}, and returns once every
   * request has an outcome.
   *
   * @param startNanos when the first phase starts ({@link System#nanoTime()})
   * @param phases the schedule
   * @param outcomes where outcomes go, on the calling thread
   * @throws IOException when the client fails
   */
  void runOpenLoop(long startNanos, List<Phase> phases, Outcomes outcomes) throws IOException;

  /**
   * Keeps {@code concurrency} requests outstanding until {@code endNanos}.
   *
   * @param concurrency requests outstanding at any time
   * @param endNanos when to stop sending
   * @param outcomes where outcomes go, on the calling thread
   * @throws IOException when the client fails
   */
  void runClosedLoop(int concurrency, long endNanos, Outcomes outcomes) throws IOException;

  /**
   * Makes the open-loop requests of later runs carry {@code marks} (closed-loop requests stay
   * plain). A client that cannot add headers refuses anything but {@link RequestMarks#NONE}.
   *
   * @param marks what each request carries
   * @return this client
   * @throws UnsupportedOperationException when this client sends plain requests only
   */
  default LoadClient mark(RequestMarks marks) {
    if (!marks.plain()) {
      throw new UnsupportedOperationException(name() + ": sends plain requests only; the priority and deadline "
          + "scenarios need a client that adds headers");
    }
    return this;
  }

  /** @return lateness of the open-loop sends of the last run */
  SendLag sendLag();

  /** @return the name used on the command line and in reports */
  String name();

  @Override
  void close();
}
