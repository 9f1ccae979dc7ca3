package dev.pressure.bench.overload;

/**
 * One configuration's result in the priority scenario: the cell's overall statistics and each
 * class's goodput. The target for pressure is {@code critical.goodputShare() >= 0.99} at 4x.
 *
 * <p>Immutable; thread-safe.
 *
 * @param cell the whole cell (both classes)
 * @param critical the {@code CRITICAL} requests (20% of the offered load)
 * @param sheddable the {@code SHEDDABLE} requests (80%)
 */
record PriorityCell(CellResult cell, ClassOutcome critical, ClassOutcome sheddable) {

  /** The share of offered {@code CRITICAL} requests pressure should serve at 4x. */
  static final double CRITICAL_TARGET = 0.99;
}
