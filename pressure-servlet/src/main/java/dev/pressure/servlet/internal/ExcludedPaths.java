package dev.pressure.servlet.internal;

import dev.pressure.internal.ConfigParser;
import java.util.ArrayList;
import java.util.List;

/**
 * The paths the filter never sheds nor times: exact paths ({@code /health}) and prefix
 * patterns ({@code /health/*}, which matches {@code /health} and everything under it), as in a
 * servlet mapping. Matched against the path within the context, that is servlet path plus
 * path info, without building that string: the request path allocates nothing.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExcludedPaths {

  /** No exclusions. */
  public static final ExcludedPaths NONE = new ExcludedPaths(new String[0], new String[0], "");

  private static final String ALLOWED =
      "comma-separated paths starting with '/', each exact (/health) or a prefix pattern (/health/*)";

  private final String[] exact;
  private final String[] prefixes; // without the trailing "/*"
  private final String text;

  private ExcludedPaths(String[] exact, String[] prefixes, String text) {
    this.exact = exact;
    this.prefixes = prefixes;
    this.text = text;
  }

  /**
   * Parses {@code excludePaths}.
   *
   * @param name the setting's name for the error message
   * @param text comma-separated patterns; blank means none
   * @return the matcher
   * @throws IllegalArgumentException {@code <name>: <allowed>. Found: <text>} for a bad pattern
   */
  public static ExcludedPaths parse(String name, String text) {
    if (text == null) {
      throw ConfigParser.error(name, ALLOWED, null);
    }
    List<String> patterns = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String p = part.trim();
      if (p.isEmpty() && text.trim().isEmpty()) {
        continue;
      }
      patterns.add(p);
    }
    return of(name, patterns, text);
  }

  /**
   * Validates a list of patterns.
   *
   * @param name the setting's name for the error message
   * @param patterns the patterns
   * @return the matcher
   * @throws IllegalArgumentException for a bad pattern
   */
  public static ExcludedPaths of(String name, List<String> patterns) {
    return of(name, patterns, String.join(",", patterns));
  }

  private static ExcludedPaths of(String name, List<String> patterns, String text) {
    List<String> exact = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    for (String p : patterns) {
      if (p == null || !p.startsWith("/") || p.indexOf('*') != p.lastIndexOf('*')
          || (p.indexOf('*') >= 0 && !p.endsWith("/*")) || hasControl(p) || p.indexOf(' ') >= 0) {
        throw ConfigParser.error(name, ALLOWED, text);
      }
      if (p.endsWith("/*")) {
        prefixes.add(p.substring(0, p.length() - 2));
      } else {
        exact.add(p);
      }
    }
    return new ExcludedPaths(exact.toArray(new String[0]), prefixes.toArray(new String[0]), text);
  }

  private static boolean hasControl(String p) {
    for (int i = 0; i < p.length(); i++) {
      if (p.charAt(i) < 0x20 || p.charAt(i) == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /**
   * Refuses patterns that start with the context path: they are matched within the context,
   * so {@code /app/health/*} in a context at {@code /app} would never match what it means.
   *
   * @param name the setting's name for the error message
   * @param contextPath {@code ServletContext#getContextPath()}, empty for the root context
   * @throws IllegalArgumentException {@code <name>: <allowed>. Found: <text>}
   */
  public void refuseContextPath(String name, String contextPath) {
    if (contextPath == null || contextPath.isEmpty()) {
      return;
    }
    for (String[] patterns : new String[][] {exact, prefixes}) {
      for (String p : patterns) {
        if (p.equals(contextPath) || p.startsWith(contextPath + "/")) {
          throw ConfigParser.error(name, ALLOWED + ", within the context: without the context path "
              + contextPath, text);
        }
      }
    }
  }

  /** {@return whether no path is excluded} */
  public boolean isEmpty() {
    return exact.length == 0 && prefixes.length == 0;
  }

  /**
   * Whether the path {@code servletPath + pathInfo} is excluded. Allocation-free.
   *
   * @param servletPath {@code HttpServletRequest#getServletPath()}, never null
   * @param pathInfo {@code HttpServletRequest#getPathInfo()}, may be null
   * @return true when the path is canonical ({@link PathCanonical}) and an exact path equals it
   *     or a prefix pattern covers it
   */
  public boolean matches(String servletPath, String pathInfo) {
    if (!PathCanonical.isCanonical(servletPath, pathInfo)) {
      return false; // judged like any request: never let a path trick reach an exclusion
    }
    String info = pathInfo == null ? "" : pathInfo;
    int length = servletPath.length() + info.length();
    for (String e : exact) {
      if (e.length() == length && startsWith(servletPath, info, e)) {
        return true;
      }
    }
    for (String p : prefixes) {
      // "/a/*" matches "/a" and "/a/...", not "/ab".
      if (length >= p.length() && startsWith(servletPath, info, p)
          && (length == p.length() || charAt(servletPath, info, p.length()) == '/')) {
        return true;
      }
    }
    return false;
  }

  /** Whether the virtual concatenation {@code a + b} starts with {@code prefix}. */
  private static boolean startsWith(String a, String b, String prefix) {
    int n = prefix.length();
    int inA = Math.min(n, a.length());
    if (!a.regionMatches(0, prefix, 0, inA)) {
      return false;
    }
    return inA == n || b.regionMatches(0, prefix, inA, n - inA);
  }

  private static char charAt(String a, String b, int i) {
    return i < a.length() ? a.charAt(i) : b.charAt(i - a.length());
  }

  @Override
  public String toString() {
    return text;
  }
}
