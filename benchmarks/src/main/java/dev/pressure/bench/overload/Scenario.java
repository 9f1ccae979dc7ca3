package dev.pressure.bench.overload;

/**
 * What a harness run measures. Each scenario runs every configuration on the same workload in
 * the same run, so its numbers are compared with a baseline taken minutes apart at most.
 *
 * <p>Thread-safe (immutable).
 */
enum Scenario {
  /** The load sweep: 0.5x to 10x of capacity, plain requests (the harness's original run). */
  LOAD("load"),
  /**
   * A priority mix: every fifth request {@code CRITICAL}, the others {@code SHEDDABLE}, in a
   * criticality header (see {@link RequestMarks#PRIORITY_MIX}); the result is each class's
   * goodput as a share of its own offered requests.
   */
  PRIORITY("priority"),
  /**
   * Client deadlines: each request carries the time its client will still wait in a deadline
   * header; the result is the server time spent on requests whose client had already given up
   * ({@link WastedWork}).
   */
  DEADLINE("deadline");

  private final String label;

  Scenario(String label) {
    this.label = label;
  }

  /** @return the name used in tables, files and on the command line */
  String label() {
    return label;
  }

  static Scenario parse(String label) {
    for (Scenario s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("--scenarios: load, priority, deadline. Found: " + label);
  }
}
