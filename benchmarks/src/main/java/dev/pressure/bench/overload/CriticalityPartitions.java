package dev.pressure.bench.overload;

import com.netflix.concurrency.limits.limiter.AbstractPartitionedLimiter;
import jakarta.servlet.http.HttpServletRequest;

/**
 * concurrency-limits' own priority feature, as 0.5.3's core offers it: a partitioned limiter
 * ({@code AbstractPartitionedLimiter}; {@code SimpleLimiter.newBuilder()} in 0.5.3 has no
 * partitions, so this is the builder its servlet module's {@code ServletLimiterBuilder}
 * extends), with the partition named by the criticality header. Its semantics, read from
 * 0.5.3's {@code acquire}: while the total in-flight count is under the limit, any request is
 * admitted; at the limit, a request is admitted only when its partition holds fewer than its
 * share of the limit ({@code percent x limit}). So a partition is a guaranteed share, not a
 * queue order: it has no queue, and never displaces another request. The shares given here are
 * the traffic shares (20% {@code CRITICAL}, 80% {@code SHEDDABLE}), which is what the API asks
 * for: a fraction of the limit per partition, summing to at most 1.
 *
 * <p>Not thread-safe (a builder); the limiter it builds is.
 */
final class CriticalityPartitions
    extends AbstractPartitionedLimiter.Builder<CriticalityPartitions, HttpServletRequest> {

  /** The share of the limit reserved for {@code CRITICAL}, its share of the traffic. */
  static final double CRITICAL_SHARE = 0.2;

  /** A builder resolving the partition from {@link RequestMarks#CRITICALITY_HEADER}, shares 20% / 80%. */
  CriticalityPartitions() {
    partitionResolver(r -> r.getHeader(RequestMarks.CRITICALITY_HEADER));
    partition("CRITICAL", CRITICAL_SHARE);
    partition("SHEDDABLE", 1 - CRITICAL_SHARE);
  }

  @Override
  protected CriticalityPartitions self() {
    return this;
  }
}
