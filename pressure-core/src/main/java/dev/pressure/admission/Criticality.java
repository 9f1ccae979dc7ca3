package dev.pressure.admission;

import java.util.Locale;

/**
 * How much a request matters when the gate must choose (Google SRE's criticality names).
 * Waiting requests are served highest level first, and when the queue is full an arrival
 * displaces a queued request of a lower level. Declared from most to least critical, so
 * {@link #ordinal()} 0 is served first.
 */
public enum Criticality {
  /** Never shed before anything else: health of the business itself (logins, payments). */
  CRITICAL_PLUS,
  /** The default: ordinary user-facing requests. */
  CRITICAL,
  /** May be shed; the user would notice but can retry (a page's secondary parts). */
  SHEDDABLE_PLUS,
  /** Shed first: batch, prefetch, analytics. */
  SHEDDABLE;

  /** The level of a request nothing classifies. */
  public static final Criticality DEFAULT = CRITICAL;

  /**
   * Parses a level name, case-insensitively, {@code -} and {@code _} alike ({@code sheddable-plus}).
   *
   * @param text the name
   * @return the level, or null when the text names none
   */
  public static Criticality parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Criticality c : values()) {
      if (c.name().equals(t)) {
        return c;
      }
    }
    return null;
  }

  /**
   * Whether this level is served before {@code other}.
   *
   * @param other another level
   * @return true when strictly more critical
   */
  public boolean isAbove(Criticality other) {
    return ordinal() < other.ordinal();
  }
}
