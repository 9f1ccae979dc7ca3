package dev.pressure.sample;

/** Placeholder until the sample application lands. */
final class Placeholder {
  private Placeholder() {}
}
