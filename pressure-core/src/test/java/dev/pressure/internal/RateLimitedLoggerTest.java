package dev.pressure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLoggerTest {

  @Test
  void logsAtMostOncePerPeriod() {
    AtomicLong clock = new AtomicLong(100);
    RateLimitedLogger log = new RateLimitedLogger(1_000, clock::get);
    assertThat(log.log(Level.DEBUG, "first", null)).isTrue();
    assertThat(log.log(Level.DEBUG, "suppressed", null)).isFalse();
    clock.addAndGet(999);
    assertThat(log.log(Level.DEBUG, "suppressed", new RuntimeException())).isFalse();
    clock.addAndGet(1);
    assertThat(log.log(Level.DEBUG, "again", null)).isTrue();
    assertThat(log.log(Level.DEBUG, "suppressed", null)).isFalse();
  }
}
