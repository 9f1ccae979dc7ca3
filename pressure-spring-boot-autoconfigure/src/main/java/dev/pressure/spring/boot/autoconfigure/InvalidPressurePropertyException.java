package dev.pressure.spring.boot.autoconfigure;

/**
 * A {@code pressure.*} property the library refused; its message is
 * {@code pressure.<name>: <allowed>. Found: <value>}. {@link PressureFailureAnalyzer} turns it
 * into Spring Boot's start-up failure report.
 */
public final class InvalidPressurePropertyException extends IllegalArgumentException {

  /** Serialization version. */
  private static final long serialVersionUID = 1L;

  /** The full name of the refused property. */
  private final String property;

  /**
   * Creates the exception.
   *
   * @param property the full property name, e.g. {@code pressure.max-heap-used-bytes}
   * @param message the message, starting with the property name
   * @param cause the library's own error
   */
  public InvalidPressurePropertyException(String property, String message, Throwable cause) {
    super(message, cause);
    this.property = property;
  }

  /** {@return the full name of the property that was refused} */
  public String property() {
    return property;
  }
}
