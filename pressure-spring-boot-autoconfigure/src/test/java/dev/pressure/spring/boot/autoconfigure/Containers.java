package dev.pressure.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/** Each surefire run has one container on its class path (pom.xml); this checks it is the one running. */
final class Containers {

  private Containers() {}

  static void assertExpected(ApplicationContext context) {
    String expected = System.getProperty("pressure.test.container", "tomcat");
    String server = ((WebServerApplicationContext) context).getWebServer().getClass().getName().toLowerCase();
    assertThat(server).as("web server of this surefire run").contains(expected);
  }
}
