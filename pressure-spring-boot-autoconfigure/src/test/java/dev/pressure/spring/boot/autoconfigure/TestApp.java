package dev.pressure.spring.boot.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** The application the tests start: only the starter's auto-configuration plus a few endpoints. */
@SpringBootApplication
public class TestApp {

  /** The live signal the readiness tier of the tests judges. */
  static final AtomicLong LOAD = new AtomicLong();

  @Bean
  PressureMonitorCustomizer testLoad() {
    return b -> b.liveSignal("test_load", LOAD::get);
  }

  @Bean
  Held held() {
    return new Held();
  }

  /** The async results a test holds open and completes. */
  static final class Held {
    final AtomicReference<DeferredResult<String>> deferred = new AtomicReference<>();
    final AtomicReference<CompletableFuture<String>> future = new AtomicReference<>();
  }

  @RestController
  static class Endpoints {
    private final Held held;

    Endpoints(Held held) {
      this.held = held;
    }

    @GetMapping("/work")
    String work() {
      return "done";
    }

    @GetMapping("/deferred")
    DeferredResult<String> deferred() {
      DeferredResult<String> r = new DeferredResult<>(30_000L);
      held.deferred.set(r);
      return r;
    }

    @GetMapping("/future")
    CompletableFuture<String> future() {
      CompletableFuture<String> f = new CompletableFuture<>();
      held.future.set(f);
      return f;
    }
  }
}
