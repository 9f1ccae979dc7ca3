package dev.pressure.servlet.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 reader for checking what the module writes: objects become ordered maps,
 * arrays lists, numbers doubles. Anything malformed (an unescaped control character, a lone
 * quote, trailing text, a duplicate key) throws {@link IllegalArgumentException}, so a body
 * that a client's parser would choke on fails the test.
 */
public final class JsonReader {

  private final String s;
  private int i;

  private JsonReader(String s) {
    this.s = s;
  }

  /** Parses a whole document. */
  public static Object parse(String text) {
    JsonReader r = new JsonReader(text);
    r.space();
    Object v = r.value();
    r.space();
    if (r.i != text.length()) {
      throw r.error("trailing text");
    }
    return v;
  }

  /** Parses a document that must be an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String text) {
    Object v = parse(text);
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("not an object: " + text);
    }
    return (Map<String, Object>) v;
  }

  private Object value() {
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{': return object();
      case '[': return array();
      case '"': return string();
      case 't': return literal("true", Boolean.TRUE);
      case 'f': return literal("false", Boolean.FALSE);
      case 'n': return literal("null", null);
      default: return number();
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    i++;
    space();
    if (peek() == '}') {
      i++;
      return m;
    }
    while (true) {
      space();
      if (peek() != '"') {
        throw error("expected a key");
      }
      String key = string();
      space();
      expect(':');
      space();
      if (m.containsKey(key)) {
        throw error("duplicate key " + key);
      }
      m.put(key, value());
      space();
      char c = next();
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw error("expected , or }");
      }
    }
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    i++;
    space();
    if (peek() == ']') {
      i++;
      return list;
    }
    while (true) {
      space();
      list.add(value());
      space();
      char c = next();
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        throw error("expected , or ]");
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("unescaped control character");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"': case '\\': case '/': out.append(e); break;
        case 'b': out.append('\b'); break;
        case 'f': out.append('\f'); break;
        case 'n': out.append('\n'); break;
        case 'r': out.append('\r'); break;
        case 't': out.append('\t'); break;
        case 'u':
          if (i + 4 > s.length()) {
            throw error("short \\u escape");
          }
          out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
          break;
        default: throw error("bad escape \\" + e);
      }
    }
  }

  private Object literal(String word, Object value) {
    if (!s.startsWith(word, i)) {
      throw error("expected " + word);
    }
    i += word.length();
    return value;
  }

  private Double number() {
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    String n = s.substring(start, i);
    if (!n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      throw error("bad number '" + n + "'");
    }
    return Double.valueOf(n);
  }

  private void space() {
    while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private char peek() {
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(i);
  }

  private char next() {
    char c = peek();
    i++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected " + c);
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at " + i + " in " + s);
  }
}
