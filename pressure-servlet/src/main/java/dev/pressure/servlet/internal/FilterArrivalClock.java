package dev.pressure.servlet.internal;

import dev.pressure.PressureMonitor;
import jakarta.servlet.http.HttpServletRequest;

/** The fallback: the request starts when the filter sees it (one read of the monitor's clock). */
final class FilterArrivalClock implements ArrivalClock {

  private final PressureMonitor monitor;

  FilterArrivalClock(PressureMonitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public long startNanos(HttpServletRequest request) {
    return monitor.nanoTime();
  }

  @Override
  public String name() {
    return "filter";
  }
}
