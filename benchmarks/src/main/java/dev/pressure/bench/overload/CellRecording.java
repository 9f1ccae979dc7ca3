package dev.pressure.bench.overload;

import java.util.Arrays;

/**
 * Every request's outcome in one run of one configuration at one load, kept raw (intended
 * send time, latency, status, class) so any statistic can be computed afterwards. A cell sends at
 * most a few tens of thousands of requests, so raw arrays stay small.
 *
 * <p>Not thread-safe: written by the load generator's single thread, read after the run.
 */
final class CellRecording implements Outcomes {

  private long[] intended = new long[1024];
  private long[] latency = new long[1024];
  private int[] status = new int[1024];
  private byte[] tag = new byte[1024];
  private int size;

  @Override
  public void record(long intendedNanos, long endNanos, int code) {
    record(intendedNanos, endNanos, code, 0);
  }

  @Override
  public void record(long intendedNanos, long endNanos, int code, int requestTag) {
    if (size == intended.length) {
      intended = Arrays.copyOf(intended, size * 2);
      latency = Arrays.copyOf(latency, size * 2);
      status = Arrays.copyOf(status, size * 2);
      tag = Arrays.copyOf(tag, size * 2);
    }
    intended[size] = intendedNanos;
    latency[size] = endNanos - intendedNanos;
    status[size] = code;
    tag[size] = (byte) requestTag;
    size++;
  }

  /** @return requests recorded */
  int size() {
    return size;
  }

  /** @return intended send time of request {@code i} */
  long intended(int i) {
    return intended[i];
  }

  /** @return latency of request {@code i} from its intended send time, nanoseconds */
  long latency(int i) {
    return latency[i];
  }

  /** @return status of request {@code i} (HTTP code, {@link #TIMEOUT} or {@link #IO_ERROR}) */
  int status(int i) {
    return status[i];
  }

  /** @return the class request {@code i} was sent as ({@link RequestMarks#tag}), 0 for none */
  int tag(int i) {
    return tag[i];
  }

  /** @return whether request {@code i} succeeded (200) */
  boolean ok(int i) {
    return status[i] == 200;
  }

  /** @return whether request {@code i} was turned away by a protection (429 or 503) */
  boolean rejected(int i) {
    return status[i] == 429 || status[i] == 503;
  }
}
