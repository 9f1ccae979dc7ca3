package dev.pressure.internal;

import java.util.Locale;

/**
 * Makes text safe for a log line: control characters (C0, DEL, C1, the Unicode line and
 * paragraph separators) become {@code \\uXXXX}, so a message from a signal, a health check or
 * any other outside source cannot end a log line early, forge another one or send terminal
 * escapes. Also gives an escaped copy of a {@link Throwable} for loggers that print one with its
 * stack trace. Stateless and thread-safe; allocates only the returned copies.
 */
public final class LogText {

  /** Longest message text kept in a log line or a failure description. */
  public static final int MAX_LENGTH = 1000;

  private LogText() {}

  /**
   * Escapes control characters and cuts the text.
   *
   * @param text the text; null gives {@code "null"}
   * @param max characters kept before {@code "..."} is appended
   * @return one printable line
   */
  public static String escape(String text, int max) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
    for (int i = 0; i < text.length() && i < max; i++) {
      char c = text.charAt(i);
      if (isControl(c)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (text.length() > max) {
      out.append("...");
    }
    return out.toString();
  }

  /**
   * {@link #escape(String, int)} at {@link #MAX_LENGTH}.
   *
   * @param text the text
   * @return one printable line
   */
  public static String escape(String text) {
    return escape(text, MAX_LENGTH);
  }

  /**
   * Whether {@code c} could end or forge a log line.
   *
   * @param c a character
   * @return true for C0, DEL, C1, U+2028 and U+2029
   */
  public static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029;
  }

  /**
   * A copy of {@code error} whose text (its own and its causes', as printed with the stack
   * trace) is escaped, with the original stack traces; for passing to a logger.
   *
   * @param error the throwable; null gives null
   * @return the copy
   */
  public static Throwable safe(Throwable error) {
    return error == null ? null : copy(error, 0);
  }

  private static Throwable copy(Throwable error, int depth) {
    Escaped copy = new Escaped(escape(String.valueOf(error)));
    copy.setStackTrace(error.getStackTrace());
    Throwable cause = error.getCause();
    if (cause != null && cause != error && depth < 10) {
      copy.initCause(copy(cause, depth + 1));
    }
    for (Throwable s : error.getSuppressed()) {
      if (depth < 10) {
        copy.addSuppressed(copy(s, depth + 1));
      }
    }
    return copy;
  }

  /** Prints as the escaped {@code toString()} of the original (class name and message). */
  private static final class Escaped extends Throwable {
    private static final long serialVersionUID = 1L;
    private final String text;

    Escaped(String text) {
      super(text);
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
