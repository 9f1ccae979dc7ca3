package dev.pressure.servlet.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A minimal JSON writer for the few fixed shapes this module answers with (status body,
 * shed body), so the module needs no JSON dependency. Not thread-safe; one per response.
 */
public final class Json {

  private final StringBuilder out = new StringBuilder(256);
  private boolean needComma;

  /** Opens the top-level object. */
  public Json() {
    out.append('{');
  }

  /**
   * Appends a string field.
   *
   * @param name the field name (written escaped)
   * @param value the value; null writes {@code null}
   * @return this
   */
  public Json field(String name, String value) {
    name(name);
    if (value == null) {
      out.append("null");
    } else {
      quote(out, value);
    }
    return this;
  }

  /**
   * Appends a whole-number field.
   *
   * @param name the field name
   * @param value the value
   * @return this
   */
  public Json field(String name, long value) {
    name(name);
    out.append(value);
    return this;
  }

  /**
   * Appends a decimal field rounded to three places; NaN and infinities become {@code null}.
   *
   * @param name the field name
   * @param value the value
   * @return this
   */
  public Json field(String name, double value) {
    name(name);
    number(value);
    return this;
  }

  /**
   * Appends a boolean field.
   *
   * @param name the field name
   * @param value the value
   * @return this
   */
  public Json field(String name, boolean value) {
    name(name);
    out.append(value);
    return this;
  }

  /**
   * Opens a nested object field; close it with {@link #end()}.
   *
   * @param name the field name
   * @return this
   */
  public Json object(String name) {
    name(name);
    out.append('{');
    needComma = false;
    return this;
  }

  /**
   * Appends a field holding an array of strings.
   *
   * @param name the field name
   * @param values the strings, in order
   * @return this
   */
  public Json strings(String name, Iterable<String> values) {
    name(name);
    out.append('[');
    boolean first = true;
    for (String v : values) {
      if (!first) {
        out.append(',');
      }
      first = false;
      quote(out, v);
    }
    out.append(']');
    return this;
  }

  /**
   * Closes the innermost open object.
   *
   * @return this
   */
  public Json end() {
    out.append('}');
    needComma = true;
    return this;
  }

  /**
   * Closes the top-level object and returns the text.
   *
   * @return the JSON document
   */
  public String finish() {
    return out.append('}').toString();
  }

  private void name(String name) {
    if (needComma) {
      out.append(',');
    }
    needComma = true;
    quote(out, name);
    out.append(':');
  }

  private void number(double value) {
    if (!Double.isFinite(value)) {
      out.append("null");
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
    }
  }

  /**
   * Appends {@code s} as a JSON string literal: quotes, backslashes and every control
   * character escaped, plus U+2028/U+2029 so the text is also safe inside a script.
   *
   * @param out where to append
   * @param s the text
   */
  public static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
            out.append("\\u");
            String hex = Integer.toHexString(c);
            for (int pad = hex.length(); pad < 4; pad++) {
              out.append('0');
            }
            out.append(hex);
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
