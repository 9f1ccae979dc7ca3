package dev.pressure.servlet;

import dev.pressure.servlet.support.JettyContainer;
import dev.pressure.servlet.support.ServletContainer;

/** The servlet contract on Jetty 12 (ee10). */
class JettyContractTest extends ContainerContractTest {
  @Override
  protected ServletContainer newContainer() {
    return new JettyContainer();
  }
}
