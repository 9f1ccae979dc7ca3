package dev.pressure.servlet.internal;

/**
 * Whether a request's path within the context is canonical: no empty segment ({@code //}), no
 * {@code .} or {@code ..} segment, no path parameter ({@code ;}), no backslash. Containers
 * differ in what they resolve before the servlet path is set (Jetty 12.0 hands
 * {@code /health/../api/x} through for {@code /health;/../api/x}), so a path that is not
 * canonical is never treated as excluded: it is judged like any other request. Works on the
 * virtual concatenation {@code servletPath + pathInfo} without building it: allocation-free.
 * Stateless and thread-safe.
 */
public final class PathCanonical {

  private PathCanonical() {}

  /**
   * @param servletPath {@code HttpServletRequest#getServletPath()}, never null
   * @param pathInfo {@code HttpServletRequest#getPathInfo()}, may be null
   * @return true when the path holds none of {@code //}, {@code /./}, {@code /../}, a trailing
   *     {@code /.} or {@code /..}, {@code ;} or {@code \}
   */
  public static boolean isCanonical(String servletPath, String pathInfo) {
    String info = pathInfo == null ? "" : pathInfo;
    int length = servletPath.length() + info.length();
    int segmentStart = -1; // index of the '/' that opened the current segment
    for (int i = 0; i < length; i++) {
      char c = i < servletPath.length() ? servletPath.charAt(i) : info.charAt(i - servletPath.length());
      if (c == ';' || c == '\\') {
        return false;
      }
      if (c == '/') {
        if (segmentStart >= 0 && isDotSegment(servletPath, info, segmentStart + 1, i)) {
          return false;
        }
        segmentStart = i;
      }
    }
    // A trailing '/' (an empty last segment) is canonical: /health/ is a plain path.
    return segmentStart < 0 || segmentStart == length - 1 || !isDotSegment(servletPath, info, segmentStart + 1, length);
  }

  /** Whether the segment {@code [from, to)} is empty, {@code .} or {@code ..}. */
  private static boolean isDotSegment(String a, String b, int from, int to) {
    int n = to - from;
    if (n == 0) {
      return true;
    }
    if (n > 2) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = i < a.length() ? a.charAt(i) : b.charAt(i - a.length());
      if (c != '.') {
        return false;
      }
    }
    return true;
  }
}
