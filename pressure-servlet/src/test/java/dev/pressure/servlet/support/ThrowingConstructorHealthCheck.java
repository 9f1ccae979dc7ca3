package dev.pressure.servlet.support;

import dev.pressure.HealthCheck;

/** Its constructor fails, as a check whose dependencies are missing. */
public class ThrowingConstructorHealthCheck implements HealthCheck {
  public ThrowingConstructorHealthCheck() {
    throw new IllegalStateException("no database configured");
  }

  @Override
  public boolean check() {
    return true;
  }
}
