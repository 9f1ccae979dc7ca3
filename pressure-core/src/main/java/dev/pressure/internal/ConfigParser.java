package dev.pressure.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses configuration text (servlet init-params, environment variables) into values, with
 * errors in one shape: {@code <name>: <what is allowed>. Found: <value>}.
 *
 * <p>Durations take a number with an optional unit ({@code ns us ms s m h}); a bare number
 * uses the caller's default unit. Sizes take a number with an optional unit ({@code B},
 * decimal {@code KB MB GB TB}, binary {@code KiB MiB GiB TiB}); a bare number is bytes.
 * Every parse method either returns a value inside the stated range or throws
 * {@link IllegalArgumentException}; nothing else is thrown. Stateless and thread-safe.
 */
public final class ConfigParser {

  private static final Pattern NUMBER_WITH_UNIT =
      Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z]*)\\s*");
  private static final int MAX_FOUND_LENGTH = 80;
  private static final int MAX_NAME_LENGTH = 200;

  private ConfigParser() {}

  /**
   * Parses a duration such as {@code 250ms}, {@code 2s} or {@code 250} (in {@code bareUnit}).
   *
   * @param name the setting's name, used in the error message
   * @param text the text to parse
   * @param bareUnit the unit of a number without a unit, e.g. {@code "ms"}
   * @param min the smallest allowed value (inclusive)
   * @return the parsed duration, {@code >= min}
   * @throws IllegalArgumentException naming {@code name} when the text is not such a duration
   */
  public static Duration duration(String name, String text, String bareUnit, Duration min) {
    String allowed =
        "a duration >= " + format(min) + " such as 250ms, 2s, 1m (a bare number is in " + bareUnit + ")";
    Matcher m = match(name, text, allowed);
    String unit = m.group(2).isEmpty() ? bareUnit : m.group(2).toLowerCase(Locale.ROOT);
    long nanosPerUnit;
    switch (unit) {
      case "ns": nanosPerUnit = 1L; break;
      case "us": nanosPerUnit = 1_000L; break;
      case "ms": nanosPerUnit = 1_000_000L; break;
      case "s": nanosPerUnit = 1_000_000_000L; break;
      case "m": nanosPerUnit = 60_000_000_000L; break;
      case "h": nanosPerUnit = 3_600_000_000_000L; break;
      default: throw error(name, allowed, text);
    }
    double nanos = Double.parseDouble(m.group(1)) * nanosPerUnit;
    if (!(nanos < Long.MAX_VALUE / 2.0)) {
      throw error(name, allowed, text);
    }
    Duration d = Duration.ofNanos(Math.round(nanos));
    if (d.compareTo(min) < 0) {
      throw error(name, allowed, text);
    }
    return d;
  }

  /**
   * Parses a size such as {@code 512MiB}, {@code 1GB} or {@code 1048576} (bytes).
   *
   * @param name the setting's name, used in the error message
   * @param text the text to parse
   * @return the size in bytes, {@code >= 0}
   * @throws IllegalArgumentException naming {@code name} when the text is not such a size
   */
  public static long bytes(String name, String text) {
    String allowed = "a size >= 0 such as 536870912, 512MiB, 1GB (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)";
    Matcher m = match(name, text, allowed);
    long multiplier;
    switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "": case "b": multiplier = 1L; break;
      case "kb": multiplier = 1_000L; break;
      case "mb": multiplier = 1_000_000L; break;
      case "gb": multiplier = 1_000_000_000L; break;
      case "tb": multiplier = 1_000_000_000_000L; break;
      case "kib": multiplier = 1L << 10; break;
      case "mib": multiplier = 1L << 20; break;
      case "gib": multiplier = 1L << 30; break;
      case "tib": multiplier = 1L << 40; break;
      default: throw error(name, allowed, text);
    }
    double value = Double.parseDouble(m.group(1)) * multiplier;
    if (!(value < Long.MAX_VALUE / 2.0) || value != Math.floor(value)) {
      throw error(name, allowed, text);
    }
    return (long) value;
  }

  /**
   * Parses a decimal number within {@code [min, max]}.
   *
   * @param name the setting's name, used in the error message
   * @param text the text to parse
   * @param min smallest allowed value (inclusive)
   * @param max largest allowed value (inclusive)
   * @return the number
   * @throws IllegalArgumentException naming {@code name} when the text is not such a number
   */
  public static double decimal(String name, String text, double min, double max) {
    String allowed = "a number in [" + plain(min) + ", " + plain(max) + "]";
    if (text == null) {
      throw error(name, allowed, null);
    }
    double value;
    try {
      value = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw error(name, allowed, text);
    }
    if (!(value >= min && value <= max) || text.trim().matches(".*[a-zA-Z].*")) {
      throw error(name, allowed, text);
    }
    return value + 0.0; // "-0" parses to -0.0, which sorts below 0: report it as 0
  }

  /**
   * Parses a whole number within {@code [min, max]}.
   *
   * @param name the setting's name, used in the error message
   * @param text the text to parse
   * @param min smallest allowed value (inclusive)
   * @param max largest allowed value (inclusive)
   * @return the number
   * @throws IllegalArgumentException naming {@code name} when the text is not such a number
   */
  public static long integer(String name, String text, long min, long max) {
    String allowed = "a whole number in [" + min + ", " + max + "]";
    if (text == null) {
      throw error(name, allowed, null);
    }
    try {
      long value = Long.parseLong(text.trim());
      if (value < min || value > max) {
        throw error(name, allowed, text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw error(name, allowed, text);
    }
  }

  /**
   * Parses {@code true} or {@code false} (case-insensitive).
   *
   * @param name the setting's name, used in the error message
   * @param text the text to parse
   * @return the boolean
   * @throws IllegalArgumentException naming {@code name} for any other text
   */
  public static boolean bool(String name, String text) {
    if (text != null) {
      String t = text.trim();
      if (t.equalsIgnoreCase("true")) {
        return true;
      }
      if (t.equalsIgnoreCase("false")) {
        return false;
      }
    }
    throw error(name, "true or false", text);
  }

  /**
   * The error every parser in this project throws: {@code <name>: <allowed>. Found: <value>}.
   * The found value is quoted with control characters escaped and cut at 80 characters, and a
   * name holding control characters is escaped the same way, so a hostile value or parameter
   * name cannot forge log lines: the message is always one printable line.
   *
   * @param name the setting's name
   * @param allowed what is allowed
   * @param found what was found; {@code null} is shown as {@code null}
   * @return the exception to throw
   */
  public static IllegalArgumentException error(String name, String allowed, Object found) {
    return new IllegalArgumentException(printableName(name) + ": " + allowed + ". Found: " + describe(found));
  }

  /**
   * Quotes a found value for an error message: strings in double quotes with control
   * characters escaped and long values cut, durations in the largest exact unit
   * ({@code -1ms}, {@code 2s}), other values by {@code toString()}.
   *
   * @param found the value
   * @return printable text, one line
   */
  public static String describe(Object found) {
    if (found == null) {
      return "null";
    }
    if (found instanceof Duration) {
      return ((Duration) found).isZero() ? "0ms" : format((Duration) found);
    }
    if (!(found instanceof CharSequence)) {
      return found.toString();
    }
    StringBuilder out = new StringBuilder().append('"');
    return escape(out, found.toString(), MAX_FOUND_LENGTH, true).append('"').toString();
  }

  /**
   * A setting's name as it appears in an error: as is, unless it holds control characters
   * (a parameter name read from a hostile or broken file), which are escaped like a found value.
   */
  private static String printableName(String name) {
    if (name == null) {
      return "null";
    }
    for (int i = 0; i < name.length(); i++) {
      if (isControl(name.charAt(i))) {
        return escape(new StringBuilder(), name, MAX_NAME_LENGTH, false).toString();
      }
    }
    return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) + "..." : name;
  }

  private static StringBuilder escape(StringBuilder out, String s, int max, boolean quoted) {
    for (int i = 0; i < s.length() && i < max; i++) {
      char c = s.charAt(i);
      if (quoted && (c == '"' || c == '\\')) {
        out.append('\\').append(c);
      } else if (isControl(c)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (s.length() > max) {
      out.append("...");
    }
    return out;
  }

  /**
   * Whether {@code text} holds a control character: C0, DEL, C1 or a Unicode line or paragraph
   * separator, what could end or forge a log line or a header.
   *
   * @param text the text
   * @return true when it holds one
   */
  public static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isControl(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** C0, DEL, C1 and the Unicode line and paragraph separators: what could end or forge a log line. */
  private static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029;
  }

  private static Matcher match(String name, String text, String allowed) {
    if (text == null) {
      throw error(name, allowed, null);
    }
    Matcher m = NUMBER_WITH_UNIT.matcher(text);
    if (!m.matches() || m.group(1).length() > 30) {
      throw error(name, allowed, text);
    }
    return m;
  }

  private static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    if (d.toNanos() % 1_000_000_000L == 0) {
      return d.toSeconds() + "s";
    }
    if (d.toNanos() % 1_000_000L == 0) {
      return d.toMillis() + "ms";
    }
    return d.toNanos() + "ns";
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
