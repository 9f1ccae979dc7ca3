package dev.pressure.spring.boot.autoconfigure.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults, lowest precedence, so any setting of the application wins: the liveness and
 * readiness health groups exist ({@code management.endpoint.health.probes.enabled=true}), the
 * {@code pressure} indicator is in the readiness group and {@code pressureLiveness} in the
 * liveness group. Nothing when {@code pressure.enabled=false}. Registered in
 * {@code META-INF/spring.factories}.
 */
public final class ProbeDefaults implements EnvironmentPostProcessor {

  /** Name of the property source holding these defaults. */
  public static final String SOURCE = "pressureDefaults";

  /** Creates the post-processor (Spring Boot instantiates it). */
  public ProbeDefaults() {}

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if ("false".equalsIgnoreCase(environment.getProperty("pressure.enabled"))) {
      return;
    }
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("management.endpoint.health.probes.enabled", "true");
    defaults.put("management.endpoint.health.group.readiness.include", "readinessState,pressure");
    defaults.put("management.endpoint.health.group.liveness.include", "livenessState,pressureLiveness");
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
  }
}
