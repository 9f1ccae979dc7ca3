package dev.pressure.servlet.support;

import dev.pressure.HealthCheck;

/** Always unhealthy: puts every tier that honours the health check under pressure. */
public class FailingHealthCheck implements HealthCheck {
  @Override
  public boolean check() {
    return false;
  }
}
