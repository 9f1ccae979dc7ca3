package dev.pressure.servlet.internal;

import dev.pressure.internal.ConfigParser;
import java.time.Duration;
import java.util.List;

/**
 * The filter's own init-params (how it answers, what it judges) and their validation, shared
 * by the init-param path and the code builder so both give the same errors. Stateless and
 * thread-safe.
 */
public final class FilterParams {

  /** Init-params that configure the filter rather than the monitor. */
  public static final List<String> NAMES =
      List.of("retryAfter", "message", "excludePaths", "tier", "recordLatency", "pressureHandler");

  /** Longest accepted {@code message}. */
  public static final int MAX_MESSAGE_LENGTH = 1000;

  private FilterParams() {}

  /**
   * Validates {@code retryAfter}: whole seconds, {@code >= 0} (the header carries an integer).
   *
   * @param retryAfter the duration
   * @param found what to show in the error (the init-param text or the duration)
   * @return seconds
   * @throws IllegalArgumentException {@code retryAfter: ...} otherwise
   */
  public static long retryAfterSeconds(Duration retryAfter, Object found) {
    if (retryAfter == null || retryAfter.isNegative() || retryAfter.getNano() != 0) {
      throw ConfigParser.error("retryAfter", "whole seconds >= 0 such as 10 or 30s", found);
    }
    return retryAfter.getSeconds();
  }

  /**
   * Parses {@code retryAfter} text; a bare number is seconds.
   *
   * @param text the init-param
   * @return seconds
   */
  public static long retryAfterSeconds(String text) {
    Duration d;
    try {
      d = ConfigParser.duration("retryAfter", text, "s", Duration.ZERO);
    } catch (IllegalArgumentException e) {
      throw ConfigParser.error("retryAfter", "whole seconds >= 0 such as 10 or 30s", text);
    }
    return retryAfterSeconds(d, text);
  }

  /**
   * Validates {@code message}: it goes into the JSON body escaped, and control characters (CR,
   * LF, tab...) are refused so a configuration mistake never reaches a response or a log.
   *
   * @param message the text
   * @return the text
   * @throws IllegalArgumentException {@code message: ...} otherwise
   */
  public static String message(String message) {
    String allowed = "text of at most " + MAX_MESSAGE_LENGTH + " characters without control characters (CR, LF, tab...)";
    if (message == null || message.length() > MAX_MESSAGE_LENGTH || ConfigParser.hasControlCharacter(message)) {
      throw ConfigParser.error("message", allowed, message);
    }
    return message;
  }
}
