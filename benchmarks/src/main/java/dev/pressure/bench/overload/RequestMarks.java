package dev.pressure.bench.overload;

import dev.pressure.admission.Criticality;
import java.util.List;

/**
 * What the load generator adds to each open-loop request beyond a plain {@code GET}, and what
 * the server side is told to read from it. The harness is the only caller of its server, so it
 * is a trusted caller: the pressure configurations read these headers
 * ({@code criticalityHeader}, {@code deadlineHeader}), which docs/admission.md allows only
 * behind a gateway that sets or strips them.
 *
 * <ul>
 *   <li>{@code mix}: request {@code k} of the schedule (counted over all phases) carries
 *       {@code mix[k % mix.size()]} in {@link #CRITICALITY_HEADER}, spelled as the
 *       {@link Criticality} constant's name (what {@link Criticality#parse} accepts). Empty: no
 *       header. A deterministic interleave, so every phase and every configuration sees the
 *       same sequence.</li>
 *   <li>{@code deadlines}: each request carries, in {@link #DEADLINE_HEADER}, the whole
 *       milliseconds its client will still wait when it is sent (timeout minus send lag,
 *       rounded down), and its intended send time in {@link #INTENDED_HEADER} (the
 *       {@link System#nanoTime()} value; client and server share one JVM, so one clock), from
 *       which the server's {@link ServiceLog} tells whether its client had given up.</li>
 * </ul>
 *
 * <p>Immutable; thread-safe.
 *
 * @param mix the criticality of consecutive requests, repeated; empty for none
 * @param deadlines whether requests carry their deadline and intended send time
 */
record RequestMarks(List<Criticality> mix, boolean deadlines) {

  /** The header with the request's criticality. */
  static final String CRITICALITY_HEADER = "X-Bench-Criticality";
  /** The header with the client's remaining time in milliseconds (pressure's documented example name). */
  static final String DEADLINE_HEADER = "X-Request-Timeout";
  /** The header with the intended send time, {@link System#nanoTime()} of this JVM. */
  static final String INTENDED_HEADER = "X-Bench-Intended";

  /** Plain requests. */
  static final RequestMarks NONE = new RequestMarks(List.of(), false);
  /** 20% {@code CRITICAL}, 80% {@code SHEDDABLE}: every fifth request is {@code CRITICAL}. */
  static final RequestMarks PRIORITY_MIX = new RequestMarks(List.of(Criticality.CRITICAL, Criticality.SHEDDABLE,
      Criticality.SHEDDABLE, Criticality.SHEDDABLE, Criticality.SHEDDABLE), false);
  /** Deadlines in the header, no criticality. */
  static final RequestMarks DEADLINES = new RequestMarks(List.of(), true);

  RequestMarks {
    mix = List.copyOf(mix);
  }

  /** @return whether requests carry a criticality */
  boolean prioritized() {
    return !mix.isEmpty();
  }

  /** @return whether requests carry nothing extra */
  boolean plain() {
    return mix.isEmpty() && !deadlines;
  }

  /**
   * @param index the request's position in the schedule, from 0
   * @return its criticality, or null when requests carry none
   */
  Criticality level(long index) {
    return mix.isEmpty() ? null : mix.get((int) (index % mix.size()));
  }

  /**
   * The tag {@link Outcomes} records for a request: its criticality's ordinal + 1, 0 for none.
   *
   * @param index the request's position in the schedule
   * @return the tag
   */
  int tag(long index) {
    Criticality c = level(index);
    return c == null ? 0 : c.ordinal() + 1;
  }

  /**
   * @param tag a tag from {@link #tag}
   * @return its criticality, or null for 0
   */
  static Criticality levelOf(int tag) {
    return tag <= 0 ? null : Criticality.values()[tag - 1];
  }
}
