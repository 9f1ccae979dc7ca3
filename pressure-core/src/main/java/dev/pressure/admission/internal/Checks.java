package dev.pressure.admission.internal;

import dev.pressure.internal.ConfigParser;

/**
 * The one place the admission code reaches the project's error format, so a move of the
 * parser touches one import. Stateless.
 */
public final class Checks {

  private Checks() {}

  /**
   * {@code <name>: <allowed>. Found: <value>}.
   *
   * @param name the setting
   * @param allowed what is allowed
   * @param found what was found
   * @return the exception to throw
   */
  public static IllegalArgumentException error(String name, String allowed, Object found) {
    return ConfigParser.error(name, allowed, found);
  }
}
