package dev.pressure;

import java.util.function.DoubleSupplier;

/** A registered custom signal: immutable. */
final class SignalSource {
  final String name;
  final PressureType type;
  final DoubleSupplier supplier;
  final boolean live;

  SignalSource(String name, DoubleSupplier supplier, boolean live) {
    this.name = name;
    this.type = PressureType.signal(name);
    this.supplier = supplier;
    this.live = live;
  }
}
