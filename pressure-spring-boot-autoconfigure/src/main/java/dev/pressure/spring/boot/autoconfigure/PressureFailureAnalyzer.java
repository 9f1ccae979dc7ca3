package dev.pressure.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a refused {@code pressure.*} property as Spring Boot's "APPLICATION FAILED TO START"
 * description and action, naming the property. Registered in {@code META-INF/spring.factories}.
 */
public final class PressureFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPressurePropertyException> {

  /** Creates the analyzer (Spring Boot instantiates it). */
  public PressureFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidPressurePropertyException cause) {
    return new FailureAnalysis("Invalid pressure configuration. " + cause.getMessage(),
        "Update " + cause.property() + " in your application's configuration; "
            + "docs/spring-boot.md lists every pressure property.",
        cause);
  }
}
