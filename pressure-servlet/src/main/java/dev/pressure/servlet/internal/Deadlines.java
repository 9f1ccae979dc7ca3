package dev.pressure.servlet.internal;

/**
 * Reads how long a client will still wait from a deadline header: a plain number of
 * milliseconds ({@code X-Request-Timeout: 250}, Envoy's {@code x-envoy-expected-rq-timeout-ms})
 * or gRPC's {@code grpc-timeout} format (up to 8 digits and a unit: {@code H M S m u n}).
 * Anything else means no deadline: a malformed header never rejects a request. Stateless.
 */
public final class Deadlines {

  /** Returned when the header gives no usable deadline. */
  public static final long NONE = -1;
  /** Longer deadlines than this (about 146 years) are treated as none. */
  private static final long MAX_NANOS = Long.MAX_VALUE / 2;

  private Deadlines() {}

  /**
   * @param value the header value, or null
   * @return the remaining time in nanoseconds ({@code >= 0}), or {@link #NONE}
   */
  public static long remainingNanos(String value) {
    if (value == null) {
      return NONE;
    }
    String v = value.trim();
    int n = v.length();
    if (n == 0 || n > 20) {
      return NONE;
    }
    char last = v.charAt(n - 1);
    if (Character.isLetter(last)) {
      long unit = grpcUnit(last);
      String digits = v.substring(0, n - 1);
      if (unit < 0 || digits.isEmpty() || digits.length() > 8 || !allDigits(digits)) {
        return NONE;
      }
      // 99999999H does not fit in a long of nanoseconds: such a deadline is as good as none.
      long amount = Long.parseLong(digits);
      return amount > MAX_NANOS / unit ? NONE : amount * unit;
    }
    if (!allDigits(v) || n > 12) {
      return NONE;
    }
    return Long.parseLong(v) * 1_000_000L;
  }

  private static long grpcUnit(char c) {
    switch (c) {
      case 'H': return 3_600_000_000_000L;
      case 'M': return 60_000_000_000L;
      case 'S': return 1_000_000_000L;
      case 'm': return 1_000_000L;
      case 'u': return 1_000L;
      case 'n': return 1L;
      default: return -1;
    }
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
