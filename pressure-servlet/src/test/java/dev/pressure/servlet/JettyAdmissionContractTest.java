package dev.pressure.servlet;

import dev.pressure.servlet.support.JettyContainer;
import dev.pressure.servlet.support.ServletContainer;

/** The admission contract on Jetty 12 (ee10). */
class JettyAdmissionContractTest extends AdmissionContractTest {
  @Override
  protected ServletContainer newContainer() {
    return new JettyContainer();
  }
}
