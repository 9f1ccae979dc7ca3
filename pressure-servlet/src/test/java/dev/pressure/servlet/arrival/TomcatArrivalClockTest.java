package dev.pressure.servlet.arrival;

/** The container clock on Tomcat 10.1. */
class TomcatArrivalClockTest extends ArrivalClockContractTest {
  @Override
  ArrivalServer newServer() {
    return new TomcatArrivalServer();
  }

  @Override
  boolean stampsBeforeThePool() {
    return false; // Tomcat stamps in Http11InputBuffer.parseRequestLine, on the worker
  }
}
