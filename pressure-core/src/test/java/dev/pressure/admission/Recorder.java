package dev.pressure.admission;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A waiter that writes down what it was told, with a name, in order. Thread-safe. */
final class Recorder {

  final List<String> events = new CopyOnWriteArrayList<>();

  Waiter waiter(String name) {
    return new Waiter() {
      @Override
      public void granted(Ticket ticket) {
        events.add(name + ":granted");
      }

      @Override
      public void rejected(Ticket ticket, RejectReason reason) {
        events.add(name + ":" + reason.wireName());
      }
    };
  }
}
