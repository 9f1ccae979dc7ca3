package dev.pressure.servlet;

import dev.pressure.servlet.support.ServletContainer;
import dev.pressure.servlet.support.TomcatContainer;

/** The servlet contract on embedded Tomcat 10.1. */
class TomcatContractTest extends ContainerContractTest {
  @Override
  protected ServletContainer newContainer() {
    return new TomcatContainer();
  }
}
