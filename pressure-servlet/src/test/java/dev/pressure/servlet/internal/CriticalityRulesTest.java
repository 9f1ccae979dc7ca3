package dev.pressure.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.admission.Criticality;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a request's level comes from: the attribute, then the trusted header, then the paths, then CRITICAL. */
class CriticalityRulesTest {

  private final AdmissionSettings settings = AdmissionSettings.builder()
      .config(dev.pressure.admission.AdmissionConfig.builder().maxConcurrentRequests(1).build())
      .criticalityHeader("X-Criticality")
      .criticality(Criticality.SHEDDABLE, List.of("/batch/*"))
      .criticality(Criticality.CRITICAL_PLUS, List.of("/pay"))
      .build();
  private final AdmissionStep step = new AdmissionStep(settings, settings.gate(), null, System::nanoTime,
      new ShedResponse(10, "x"), 10);

  private static HttpServletRequest request(String servletPath, String header, Object attribute) {
    return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
          switch (m.getName()) {
            case "getServletPath": return servletPath;
            case "getPathInfo": return null;
            case "getHeader": return "x-criticality".equals(a[0]) ? header : null;
            case "getAttribute": return AdmissionStep.CRITICALITY_ATTRIBUTE.equals(a[0]) ? attribute : null;
            default: throw new UnsupportedOperationException(m.getName());
          }
        });
  }

  @Test
  void attributeThenHeaderThenPathsThenTheDefault() {
    assertThat(step.criticality(request("/other", null, null))).isEqualTo(Criticality.CRITICAL);
    assertThat(step.criticality(request("/batch", null, null))).isEqualTo(Criticality.SHEDDABLE);
    assertThat(step.criticality(request("/pay", null, null))).isEqualTo(Criticality.CRITICAL_PLUS);
    assertThat(step.criticality(request("/batch", "sheddable_plus", null))).isEqualTo(Criticality.SHEDDABLE_PLUS);
    assertThat(step.criticality(request("/batch", "nonsense", null))).as("unknown header value: the paths decide")
        .isEqualTo(Criticality.SHEDDABLE);
    assertThat(step.criticality(request("/batch", "CRITICAL_PLUS", Criticality.SHEDDABLE_PLUS)))
        .as("server-side code wins over the header").isEqualTo(Criticality.SHEDDABLE_PLUS);
    assertThat(step.criticality(request("/other", null, "sheddable"))).isEqualTo(Criticality.SHEDDABLE);
  }

  @Test
  void withoutACriticalityHeaderClientsCannotRaiseTheirLevel() {
    AdmissionSettings noHeader = AdmissionSettings.builder()
        .config(dev.pressure.admission.AdmissionConfig.builder().maxConcurrentRequests(1).build()).build();
    AdmissionStep s = new AdmissionStep(noHeader, noHeader.gate(), null, System::nanoTime,
        new ShedResponse(10, "x"), 10);
    assertThat(s.criticality(request("/batch", "CRITICAL_PLUS", null))).isEqualTo(Criticality.CRITICAL);
  }
}
