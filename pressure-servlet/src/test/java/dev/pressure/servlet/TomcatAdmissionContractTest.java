package dev.pressure.servlet;

import dev.pressure.servlet.support.TomcatContainer;
import dev.pressure.servlet.support.ServletContainer;

/** The admission contract on Tomcat 10.1. */
class TomcatAdmissionContractTest extends AdmissionContractTest {
  @Override
  protected ServletContainer newContainer() {
    return new TomcatContainer();
  }
}
