package dev.pressure.spring.boot.autoconfigure;

import dev.pressure.PressureMonitor;
import dev.pressure.servlet.UnderPressureFilter;
import dev.pressure.spring.boot.autoconfigure.internal.CoreBridge;
import dev.pressure.spring.boot.autoconfigure.internal.DrainOnShutdown;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The monitor built from {@code pressure.*} (and any {@link PressureMonitorCustomizer} beans),
 * and in a servlet web application the shedding filter on every request, the Actuator's paths
 * excluded, plus draining on shutdown. Backs off for a {@link PressureMonitor} bean of the
 * application's own and with {@code pressure.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(PressureMonitor.class)
@ConditionalOnBooleanProperty(name = "pressure.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PressureProperties.class)
public class PressureAutoConfiguration {

  /** Created by Spring. */
  public PressureAutoConfiguration() {}

  /**
   * The monitor, sampling from start-up; closed with the context.
   *
   * @param properties the {@code pressure.*} properties
   * @param customizers the application's customizers, in order
   * @return the monitor
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public PressureMonitor pressureMonitor(PressureProperties properties,
      ObjectProvider<PressureMonitorCustomizer> customizers) {
    return CoreBridge.monitor(properties, customizers.orderedStream().toList());
  }

  /** The servlet part: filter and drain. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({UnderPressureFilter.class, FilterRegistrationBean.class})
  static class ServletConfiguration {

    /**
     * The shedding filter on {@code /*}, async supported and mapped for the REQUEST and ASYNC
     * dispatches (a request the admission gate queued resumes by {@code AsyncContext.dispatch()};
     * the filter passes other ASYNC dispatches straight on), the Actuator base path excluded.
     *
     * @param monitor the monitor
     * @param properties the properties
     * @param environment for {@code management.endpoints.web.base-path}
     * @return the registration
     */
    @Bean
    @ConditionalOnMissingBean(name = "pressureFilter")
    FilterRegistrationBean<UnderPressureFilter> pressureFilter(PressureMonitor monitor,
        PressureProperties properties, Environment environment) {
      String base = environment.getProperty("management.endpoints.web.base-path", "/actuator");
      List<String> always = base.isEmpty() || base.equals("/") ? List.of() : List.of(base + "/*");
      FilterRegistrationBean<UnderPressureFilter> r =
          new FilterRegistrationBean<>(CoreBridge.filter(monitor, properties, always));
      r.setName("underPressureFilter");
      r.setOrder(properties.getFilterOrder());
      r.setAsyncSupported(true);
      r.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
      r.addUrlPatterns("/*");
      return r;
    }

    /**
     * Readiness first, then 503 for new work, on context close.
     *
     * @param context the application context
     * @param servletContext the servlet context
     * @return the lifecycle
     */
    @Bean
    DrainOnShutdown pressureDrainOnShutdown(ApplicationContext context, ServletContext servletContext) {
      return new DrainOnShutdown(context, servletContext);
    }
  }
}
