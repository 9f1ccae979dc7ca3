package dev.pressure.servlet;

import dev.pressure.servlet.support.JettyEe11Container;
import dev.pressure.servlet.support.ServletContainer;

/** The servlet contract, the suite of pressure-servlet unchanged, on Jetty 12.1 ee11 (Servlet 6.1). */
class JettyEe11ContractTest extends ContainerContractTest {
  @Override
  protected ServletContainer newContainer() {
    return new JettyEe11Container();
  }
}
