package dev.pressure.spring.boot.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    /** Counted down by each request entering /slow. */
    final AtomicReference<CountDownLatch> slowEntered = new AtomicReference<>(new CountDownLatch(0));
    /** /slow answers once this is counted down. */
    final AtomicReference<CountDownLatch> slowRelease = new AtomicReference<>(new CountDownLatch(0));
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

    /** Holds its thread (and its gate permit) until the test releases it. */
    @GetMapping("/slow")
    String slow() throws InterruptedException {
      held.slowEntered.get().countDown();
      if (!held.slowRelease.get().await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("/slow was never released");
      }
      return "slow";
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
