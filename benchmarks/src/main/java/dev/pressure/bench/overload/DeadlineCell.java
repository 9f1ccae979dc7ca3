package dev.pressure.bench.overload;

/**
 * One configuration's result in the deadline scenario: the cell's statistics and the server
 * time wasted on requests whose client had given up. The target for pressure is
 * {@code wasted.share() <= 0.01}.
 *
 * <p>Immutable; thread-safe.
 *
 * @param cell the whole cell
 * @param wasted the server's wasted work in the overload phase
 */
record DeadlineCell(CellResult cell, WastedWork wasted) {

  /** The most wasted share of server time pressure should allow. */
  static final double WASTED_TARGET = 0.01;
}
