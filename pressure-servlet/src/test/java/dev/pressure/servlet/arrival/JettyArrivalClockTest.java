package dev.pressure.servlet.arrival;

/** The container clock on Jetty 12 (ee10). */
class JettyArrivalClockTest extends ArrivalClockContractTest {
  @Override
  ArrivalServer newServer() {
    return new JettyArrivalServer();
  }

  @Override
  boolean stampsBeforeThePool() {
    return false; // Jetty stamps in the parser, on the worker that runs onFillable
  }
}
