package dev.pressure.servlet.internal;

import dev.pressure.internal.ConfigParser;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads init-params (filter, servlet) or context-params into an ordered map and refuses
 * names nobody knows, so a typo stops start-up instead of silently changing nothing.
 * Stateless and thread-safe.
 */
public final class InitParams {

  private InitParams() {}

  /**
   * Copies every parameter.
   *
   * @param names {@code getInitParameterNames()}
   * @param value {@code getInitParameter}
   * @return name to value, in the container's order
   */
  public static Map<String, String> read(Enumeration<String> names, Function<String, String> value) {
    Map<String, String> params = new LinkedHashMap<>();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      params.put(name, value.apply(name));
    }
    return params;
  }

  /**
   * Refuses the first parameter that {@code known} does not accept.
   *
   * @param kind what the parameters are, e.g. {@code "init-param of UnderPressureFilter"}
   * @param params the parameters
   * @param known accepts the known names
   * @param listed the names to list in the message
   * @throws IllegalArgumentException {@code <name>: not a known <kind> (known: ...). Found: <value>}
   */
  public static void refuseUnknown(String kind, Map<String, String> params, Predicate<String> known,
      Collection<String> listed) {
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (!known.test(e.getKey())) {
        throw ConfigParser.error(e.getKey(), "not a known " + kind + " (known: " + String.join(", ",
            new TreeSet<>(listed)) + ")", e.getValue());
      }
    }
  }

  /**
   * Refuses a parameter whose name differs from a known one only in case, for parameter sets
   * shared with other code (context-params) where unknown names must be let through.
   *
   * @param kind what the parameters are
   * @param params the parameters
   * @param known the known names
   * @throws IllegalArgumentException {@code <name>: spelled <known>. Found: <value>}
   */
  public static void refuseMisspelled(String kind, Map<String, String> params, Set<String> known) {
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (known.contains(e.getKey())) {
        continue;
      }
      String lower = e.getKey().toLowerCase(Locale.ROOT);
      for (String k : known) {
        if (k.toLowerCase(Locale.ROOT).equals(lower)) {
          throw ConfigParser.error(e.getKey(), "a " + kind + " is spelled " + k, e.getValue());
        }
      }
    }
  }
}
