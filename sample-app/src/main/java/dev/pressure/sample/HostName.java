package dev.pressure.sample;

import dev.pressure.internal.ConfigParser;
import java.util.regex.Pattern;

/**
 * Validates {@code HOST}: an IPv4 literal (four ASCII numbers 0..255), an IPv6 literal
 * (optionally in brackets), or a host name of RFC 1123 labels (letters, digits, '-', not at a
 * label's ends, at most 63 characters each, 253 in all) whose last label is not all digits, so
 * {@code 999.1.1.1} is refused rather than looked up as a name. Blank is refused. Stateless.
 */
final class HostName {

  static final String ALLOWED = "an IP address such as 0.0.0.0, 127.0.0.1 or ::, or a host name such as localhost";

  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
      + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private HostName() {}

  /**
   * @param text the variable's value
   * @return the host, trimmed and without IPv6 brackets
   * @throws IllegalArgumentException {@code HOST: <allowed>. Found: <text>}
   */
  static String parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
      if (!isIpv6(t)) {
        throw ConfigParser.error("HOST", ALLOWED, text);
      }
      return t;
    }
    if (IPV4.matcher(t).matches() || isIpv6(t) || isHostName(t)) {
      return t;
    }
    throw ConfigParser.error("HOST", ALLOWED, text);
  }

  private static boolean isIpv6(String t) {
    if (!t.contains(":") || !IPV6.matcher(t).matches() || t.contains(":::")) {
      return false;
    }
    int doubleColons = t.split("::", -1).length - 1;
    if (doubleColons > 1) {
      return false;
    }
    String[] groups = t.split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (g.isEmpty()) {
        continue;
      }
      if (g.contains(".")) { // an embedded IPv4 tail, e.g. ::ffff:127.0.0.1
        if (i != groups.length - 1 || !IPV4.matcher(g).matches()) {
          return false;
        }
        count += 2;
      } else if (g.length() > 4) {
        return false;
      } else {
        count++;
      }
    }
    return doubleColons == 1 ? count < 8 : count == 8;
  }

  private static boolean isHostName(String t) {
    if (t.isEmpty() || t.length() > 253) {
      return false;
    }
    String name = t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    String[] labels = name.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return !labels[labels.length - 1].matches("[0-9]+");
  }
}
