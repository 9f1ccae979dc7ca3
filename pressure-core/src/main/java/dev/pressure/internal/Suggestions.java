package dev.pressure.internal;

import java.util.Collection;
import java.util.Locale;

/**
 * Suggests the closest known name for a mistyped one (Levenshtein distance, case-insensitive,
 * ties to the first candidate; nothing when even the closest differs in more than
 * max(2, length / 3) characters, which is no typo), for error messages and start-up reports. Stateless and thread-safe.
 */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate closest to {@code name}.
   *
   * @param name the name given
   * @param candidates the names that exist
   * @return the closest candidate, or null when there is none close enough to be a typo
   */
  public static String closest(String name, Collection<String> candidates) {
    if (name == null) {
      return null;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
  }

  /**
   * Text to append to an error's "allowed" part: {@code  (closest: "readiness")}.
   *
   * @param name the name given
   * @param candidates the names that exist
   * @return the hint, or an empty string when there is no candidate
   */
  public static String didYouMean(String name, Collection<String> candidates) {
    String c = closest(name, candidates);
    return c == null ? "" : " (closest: \"" + c + "\")";
  }

  /**
   * The Levenshtein distance: insertions, deletions and substitutions turning {@code a} into {@code b}.
   *
   * @param a a string
   * @param b another
   * @return the distance
   */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
