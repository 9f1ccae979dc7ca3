package dev.pressure.servlet.arrival;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;

/** A container with a worker pool of a known size, the filter in front of one servlet. */
interface ArrivalServer extends AutoCloseable {

  /** Starts on port 0 with {@code workers} request threads (as far as the container allows). */
  void start(Filter filter, HttpServlet servlet, int workers) throws Exception;

  int port();

  /** Requests the container accepted that wait for a worker thread now. */
  int queuedTasks();

  String expectedClock();
}
