package dev.pressure.internal;

/**
 * How a failing signal is described in a snapshot's {@code failures}: the exception's class
 * name, then {@code ": "} and its message, escaped ({@link LogText}) and cut at
 * {@link #MAX_MESSAGE_LENGTH} characters. Never the throwable's own {@code toString()}, which
 * user code may override to print anything. A reader that must not reveal messages keeps what
 * comes before the first {@code ": "} (class names never contain one). Stateless and thread-safe.
 */
public final class FailureText {

  /** Longest message kept in a failure description. */
  public static final int MAX_MESSAGE_LENGTH = 200;

  private FailureText() {}

  /**
   * Describes a failure.
   *
   * @param error what the signal threw
   * @return {@code <class name>} or {@code <class name>: <escaped message, cut>}
   */
  public static String describe(Throwable error) {
    String className = error == null ? "null" : error.getClass().getName();
    String message = error == null ? null : error.getMessage();
    return message == null ? className : className + ": " + LogText.escape(message, MAX_MESSAGE_LENGTH);
  }
}
