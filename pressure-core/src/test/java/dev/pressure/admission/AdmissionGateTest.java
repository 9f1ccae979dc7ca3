package dev.pressure.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionGateTest {

  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private final Recorder rec = new Recorder();

  private AdmissionGate gate(AdmissionConfig.Builder b) {
    AdmissionConfig c = b.build();
    return AdmissionGate.create(c, ConcurrencyLimit.fixed(c.maxConcurrentRequests()), clock::get, () -> 0.5);
  }

  private AdmissionGate gate(int permits, int queue) {
    return gate(AdmissionConfig.builder().maxConcurrentRequests(permits).maxQueuedRequests(queue));
  }

  private void advance(Duration d) {
    clock.addAndGet(d.toNanos());
  }

  @Test
  void fastPathTakesAtMostTheLimitAndReleaseFreesOne() {
    AdmissionGate g = gate(2, 0);
    assertThat(g.tryAcquire()).isTrue();
    assertThat(g.tryAcquire()).isTrue();
    assertThat(g.tryAcquire()).isFalse();
    assertThat(g.inFlight()).isEqualTo(2);
    assertThat(g.saturation()).isEqualTo(1.0);
    g.release(10);
    assertThat(g.inFlight()).isEqualTo(1);
    assertThat(g.tryAcquire()).isTrue();
  }

  @Test
  void withoutAQueueAFullGateRefusesAtOnceAndCounts() {
    AdmissionGate g = gate(1, 0);
    assertThat(g.tryAcquire()).isTrue();
    Ticket t = g.enqueue(Criticality.SHEDDABLE, AdmissionGate.NO_DEADLINE, rec.waiter("a"));
    assertThat(t.state()).isEqualTo(Ticket.State.REJECTED);
    assertThat(rec.events).containsExactly("a:concurrentRequests");
    assertThat(g.rejected(RejectReason.CONCURRENT_REQUESTS, Criticality.SHEDDABLE)).isEqualTo(1);
    assertThat(g.rejected(RejectReason.CONCURRENT_REQUESTS, Criticality.CRITICAL)).isZero();
  }

  @Test
  void aFreePermitIsGrantedAtEnqueue() {
    AdmissionGate g = gate(1, 1);
    Ticket t = g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("a"));
    assertThat(t.state()).isEqualTo(Ticket.State.GRANTED);
    assertThat(rec.events).containsExactly("a:granted");
    t.release(5);
    t.release(5); // idempotent
    assertThat(g.inFlight()).isZero();
    assertThat(t.state()).isEqualTo(Ticket.State.RELEASED);
  }

  @Test
  void releaseHandsThePermitToWaitersInOrderAndArrivalsDoNotOvertake() {
    AdmissionGate g = gate(1, 3);
    assertThat(g.tryAcquire()).isTrue();
    Ticket a = g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("a"));
    Ticket b = g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("b"));
    assertThat(g.queued()).isEqualTo(2);
    assertThat(g.saturation()).isEqualTo(3.0);
    g.release(1);
    assertThat(rec.events).containsExactly("a:granted");
    assertThat(g.tryAcquire()).as("b waits, so a newcomer may not pass").isFalse();
    a.release(1);
    assertThat(rec.events).containsExactly("a:granted", "b:granted");
    b.release(1);
    assertThat(g.inFlight()).isZero();
    assertThat(g.queued()).isZero();
    assertThat(g.tryAcquire()).isTrue();
  }

  @Test
  void moreCriticalWaitersAreServedFirstThenOldestFirst() {
    AdmissionGate g = gate(1, 8);
    g.tryAcquire();
    List<Ticket> tickets = new ArrayList<>();
    tickets.add(g.enqueue(Criticality.SHEDDABLE, AdmissionGate.NO_DEADLINE, rec.waiter("s1")));
    tickets.add(g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("c1")));
    tickets.add(g.enqueue(Criticality.CRITICAL_PLUS, AdmissionGate.NO_DEADLINE, rec.waiter("p1")));
    tickets.add(g.enqueue(Criticality.SHEDDABLE_PLUS, AdmissionGate.NO_DEADLINE, rec.waiter("sp1")));
    tickets.add(g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("c2")));
    g.release(1);
    for (int i = 0; i < 5; i++) {
      tickets.stream().filter(t -> t.state() == Ticket.State.GRANTED).findFirst().orElseThrow().release(1);
    }
    assertThat(rec.events).containsExactly("p1:granted", "c1:granted", "c2:granted", "sp1:granted", "s1:granted");
    assertThat(g.inFlight()).isZero();
  }

  @Test
  void aFullQueueLetsAMoreCriticalArrivalDisplaceTheLeastCriticalNewest() {
    AdmissionGate g = gate(1, 3);
    g.tryAcquire();
    g.enqueue(Criticality.SHEDDABLE_PLUS, AdmissionGate.NO_DEADLINE, rec.waiter("sp"));
    g.enqueue(Criticality.SHEDDABLE, AdmissionGate.NO_DEADLINE, rec.waiter("s-old"));
    g.enqueue(Criticality.SHEDDABLE, AdmissionGate.NO_DEADLINE, rec.waiter("s-new"));
    Ticket same = g.enqueue(Criticality.SHEDDABLE, AdmissionGate.NO_DEADLINE, rec.waiter("s-late"));
    assertThat(same.rejectReason()).isEqualTo(RejectReason.CONCURRENT_REQUESTS);
    g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("c"));
    g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("c2"));
    g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("c3"));
    Ticket c4 = g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("c4"));
    assertThat(rec.events).containsExactly("s-late:concurrentRequests", "s-new:concurrentRequests",
        "s-old:concurrentRequests", "sp:concurrentRequests", "c4:concurrentRequests");
    assertThat(c4.state()).isEqualTo(Ticket.State.REJECTED);
    assertThat(g.queued()).isEqualTo(3);
    assertThat(g.rejected(RejectReason.CONCURRENT_REQUESTS, Criticality.SHEDDABLE)).isEqualTo(3);
    assertThat(g.rejected(RejectReason.CONCURRENT_REQUESTS, Criticality.SHEDDABLE_PLUS)).isEqualTo(1);
    assertThat(g.rejected(RejectReason.CONCURRENT_REQUESTS, Criticality.CRITICAL)).isEqualTo(1);
  }

  @Test
  void waitersPastMaxQueueTimeAreRefusedNotServed() {
    AdmissionGate g = gate(AdmissionConfig.builder().maxConcurrentRequests(1).maxQueuedRequests(4)
        .maxQueueTime(Duration.ofMillis(100)));
    g.tryAcquire();
    Ticket old = g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("old"));
    advance(Duration.ofMillis(60));
    Ticket young = g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("young"));
    advance(Duration.ofMillis(50)); // old waited 110 ms, young 50 ms
    g.release(1);
    assertThat(rec.events).containsExactly("old:queueTime", "young:granted");
    assertThat(old.waitedNanos()).isEqualTo(Duration.ofMillis(110).toNanos());
    assertThat(young.waitedNanos()).isEqualTo(Duration.ofMillis(50).toNanos());
    assertThat(g.rejected(RejectReason.QUEUE_TIME, Criticality.CRITICAL)).isEqualTo(1);
    assertThat(g.queueWaitSeconds(1.0)).isEqualTo(0.05);
  }

  @Test
  void expireRefusesTimedOutWaitersWithoutARelease() {
    AdmissionGate g = gate(AdmissionConfig.builder().maxConcurrentRequests(1).maxQueuedRequests(4)
        .maxQueueTime(Duration.ofMillis(100)));
    g.tryAcquire();
    g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("a"));
    g.expire();
    assertThat(rec.events).isEmpty();
    advance(Duration.ofMillis(101));
    g.expire();
    assertThat(rec.events).containsExactly("a:queueTime");
    assertThat(g.queued()).isZero();
    assertThat(g.inFlight()).isEqualTo(1);
  }

  @Test
  void deadlinesPassedAtArrivalOrWhileWaitingAreRefused() {
    AdmissionGate g = gate(1, 4);
    Ticket late = g.enqueue(Criticality.CRITICAL, clock.get() - 1, rec.waiter("late"));
    assertThat(late.rejectReason()).isEqualTo(RejectReason.DEADLINE);
    assertThat(g.inFlight()).as("not even a free permit runs it").isZero();
    g.tryAcquire();
    g.enqueue(Criticality.CRITICAL, clock.get() + Duration.ofMillis(20).toNanos(), rec.waiter("soon"));
    g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("none"));
    advance(Duration.ofMillis(20));
    g.release(1);
    assertThat(rec.events).containsExactly("late:deadline", "soon:deadline", "none:granted");
    assertThat(g.rejected(RejectReason.DEADLINE, Criticality.CRITICAL)).isEqualTo(2);
  }

  @Test
  void cancelWithdrawsAWaiterSilentlyAndExpireCountsIt() {
    AdmissionGate g = gate(1, 4);
    g.tryAcquire();
    Ticket a = g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("a"));
    Ticket b = g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("b"));
    assertThat(a.cancel()).isTrue();
    assertThat(a.cancel()).isFalse();
    assertThat(b.expire(RejectReason.QUEUE_TIME)).isTrue();
    assertThat(g.queued()).isZero();
    g.release(1);
    assertThat(rec.events).isEmpty();
    assertThat(a.state()).isEqualTo(Ticket.State.CANCELLED);
    assertThat(b.state()).isEqualTo(Ticket.State.REJECTED);
    assertThat(g.rejected(RejectReason.QUEUE_TIME, Criticality.CRITICAL)).isEqualTo(1);
    assertThat(g.inFlight()).isZero();
  }

  @Test
  void aGrantedTicketCannotBeCancelledOnlyReleased() {
    AdmissionGate g = gate(1, 4);
    g.tryAcquire();
    Ticket a = g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("a"));
    g.release(1);
    assertThat(a.cancel()).isFalse();
    assertThat(g.inFlight()).isEqualTo(1);
    a.release();
    assertThat(g.inFlight()).isZero();
  }

  @Test
  void adaptiveLifoServesTheNewestAndCoDelRefusesOldOnesWhileTheQueueStands() {
    AdmissionGate g = gate(AdmissionConfig.builder().maxConcurrentRequests(1).maxQueuedRequests(10)
        .queueOrder(QueueOrder.ADAPTIVE_LIFO).codelInterval(Duration.ofMillis(100))
        .codelTarget(Duration.ofMillis(5)).maxQueueTime(Duration.ofSeconds(1)));
    g.tryAcquire();
    Ticket x = g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("x"));
    advance(Duration.ofMillis(50));
    g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("y"));
    g.release(1); // a burst, younger than the interval: FIFO
    assertThat(rec.events).containsExactly("x:granted");
    advance(Duration.ofMillis(49));
    Ticket z = g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("z"));
    advance(Duration.ofMillis(3));
    // The queue has stood for 102 ms > 100: y (52 ms) is past the 5 ms target, z (3 ms) is not.
    Ticket w = g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("w"));
    assertThat(rec.events).containsExactly("x:granted", "y:queueTime");
    x.release(1);
    assertThat(rec.events).as("newest first while backlogged").endsWith("w:granted");
    rec.events.clear();
    w.release(1);
    assertThat(rec.events).containsExactly("z:granted");
    assertThat(z.state()).isEqualTo(Ticket.State.GRANTED);
  }

  @Test
  void fifoNeverAppliesCoDel() {
    AdmissionGate g = gate(AdmissionConfig.builder().maxConcurrentRequests(1).maxQueuedRequests(10)
        .maxQueueTime(Duration.ofSeconds(1)));
    g.tryAcquire();
    g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("a"));
    advance(Duration.ofMillis(300));
    g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("b"));
    g.release(1);
    assertThat(rec.events).containsExactly("a:granted");
  }

  @Test
  void retryAfterIsTheBacklogOverTheDrainRateWithJitterAndClamped() {
    AtomicLong rnd = new AtomicLong(); // 0 -> -20%, 0.5 -> 0, 0.999.. -> +20%
    double[] r = {0.5};
    AdmissionConfig c = AdmissionConfig.builder().maxConcurrentRequests(10).maxQueuedRequests(100).build();
    AdmissionGate g = AdmissionGate.create(c, ConcurrencyLimit.fixed(10), clock::get, () -> r[0]);
    assertThat(g.retryAfterSeconds(30)).as("nothing completed yet").isEqualTo(30);
    for (int i = 0; i < 20; i++) { // 20 completions in 2 s: 10/s
      assertThat(g.tryAcquire()).isTrue();
      advance(Duration.ofMillis(100));
      g.release(1);
    }
    for (int i = 0; i < 10; i++) {
      g.tryAcquire();
    }
    for (int i = 0; i < 49; i++) {
      g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("w" + i));
    }
    assertThat(g.queued()).isEqualTo(49);
    assertThat(g.retryAfterSeconds(30)).isEqualTo(5); // (49 + 1) / 10 per second
    r[0] = 0.0;
    assertThat(g.retryAfterSeconds(30)).isEqualTo(4);
    r[0] = 0.9999;
    assertThat(g.retryAfterSeconds(30)).isEqualTo(6);
    assertThat(g.retryAfterSeconds(3)).isEqualTo(3);
    assertThat(rnd.get()).isZero();
  }

  @Test
  void retryAfterIsAtLeastOneSecond() {
    AdmissionGate g = gate(10, 0);
    for (int i = 0; i < 1000; i++) {
      g.tryAcquire();
      g.release(1);
    }
    advance(Duration.ofSeconds(1));
    assertThat(g.retryAfterSeconds(30)).isEqualTo(1);
  }

  @Test
  void theLimitSeesEveryCompletionButNoRefusal() {
    AtomicInteger completions = new AtomicInteger();
    AtomicInteger drops = new AtomicInteger();
    AtomicInteger permits = new AtomicInteger(1);
    ConcurrencyLimit limit = new ConcurrencyLimit() {
      @Override
      public int current() {
        return permits.get();
      }

      @Override
      public void onComplete(long latencyNanos, int inFlight) {
        assertThat(latencyNanos).isEqualTo(7);
        assertThat(inFlight).isEqualTo(2); // the permit being released counts
        completions.incrementAndGet();
      }

      @Override
      public void onDrop() {
        drops.incrementAndGet();
      }
    };
    AdmissionGate g = AdmissionGate.create(AdmissionConfig.builder().maxConcurrentRequests(1).build(), limit,
        clock::get, () -> 0.5);
    assertThat(g.tryAcquire()).isTrue();
    assertThat(g.tryAcquire()).isFalse();
    g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("x")); // refused: no queue
    permits.set(2); // an adaptive limit grew
    assertThat(g.limit()).isEqualTo(2);
    assertThat(g.tryAcquire()).isTrue();
    assertThat(g.inFlight()).isEqualTo(2);
    permits.set(1);
    g.release(7);
    assertThat(g.tryAcquire()).as("lowered limit: 1 held of 1").isFalse();
    assertThat(completions).hasValue(1);
    assertThat(drops).as("a refusal is not a drop").hasValue(0);
    assertThat(g.rejected(RejectReason.CONCURRENT_REQUESTS, Criticality.CRITICAL)).isEqualTo(1);
  }

  @Test
  void aQueuedRequestTellsTheLimitTheTimeItHeldThePermitNotItsWait() {
    List<Long> held = new ArrayList<>();
    ConcurrencyLimit limit = new ConcurrencyLimit() {
      @Override
      public int current() {
        return 1;
      }

      @Override
      public void onComplete(long endNanos, long latencyNanos, int inFlight) {
        held.add(latencyNanos);
      }
    };
    AdmissionGate g = AdmissionGate.create(AdmissionConfig.builder().maxConcurrentRequests(1).maxQueuedRequests(1)
        .build(), limit, clock::get, () -> 0.5);
    long arrival = clock.get();
    assertThat(g.tryAcquire()).isTrue();
    Ticket t = g.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, rec.waiter("queued"));
    advance(Duration.ofMillis(300)); // waits 300 ms behind the first request
    g.release(clock.get(), Duration.ofMillis(300).toNanos());
    assertThat(t.state()).isEqualTo(Ticket.State.GRANTED);
    advance(Duration.ofMillis(20)); // then holds its permit 20 ms
    t.release(clock.get(), clock.get() - arrival); // timed from arrival, as the filter times it

    assertThat(held).containsExactly(Duration.ofMillis(300).toNanos(), Duration.ofMillis(20).toNanos());
  }

  @Test
  void underContentionThePermitsAreNeverExceededAndAllComeBack() throws Exception {
    AdmissionGate g = AdmissionGate.create(AdmissionConfig.builder().maxConcurrentRequests(3)
        .maxQueuedRequests(5).build());
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    AtomicInteger served = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    int threads = 8;
    int perThread = 5000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      pool.execute(() -> {
        try {
          for (int i = 0; i < perThread; i++) {
            if (g.tryAcquire()) {
              work(inside, maxInside);
              served.incrementAndGet();
              g.release(1);
              continue;
            }
            CountDownLatch answered = new CountDownLatch(1);
            Criticality c = Criticality.values()[ThreadLocalRandom.current().nextInt(4)];
            g.enqueue(c, AdmissionGate.NO_DEADLINE, new Waiter() {
              @Override
              public void granted(Ticket ticket) {
                work(inside, maxInside);
                served.incrementAndGet();
                ticket.release(1);
                answered.countDown();
              }

              @Override
              public void rejected(Ticket ticket, RejectReason reason) {
                refused.incrementAndGet();
                answered.countDown();
              }
            });
            assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          done.countDown();
        }
      });
    }
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    pool.shutdown();
    assertThat(maxInside.get()).isBetween(1, 3);
    assertThat(served.get() + refused.get()).isEqualTo(threads * perThread);
    assertThat(g.inFlight()).isZero();
    assertThat(g.queued()).isZero();
  }

  private static void work(AtomicInteger inside, AtomicInteger maxInside) {
    int n = inside.incrementAndGet();
    maxInside.accumulateAndGet(n, Math::max);
    Thread.onSpinWait();
    inside.decrementAndGet();
  }

  @Test
  void configRefusesBadValuesInTheUsualShape() {
    assertThatThrownBy(() -> AdmissionConfig.builder().maxConcurrentRequests(-1))
        .hasMessage("maxConcurrentRequests: a whole number in [0, 1000000]. Found: -1");
    assertThatThrownBy(() -> AdmissionConfig.builder().maxQueueTime(Duration.ZERO))
        .hasMessage("maxQueueTime: a duration >= 1ms. Found: 0ms");
    assertThatThrownBy(() -> AdmissionConfig.builder().maxQueuedRequests(3).build())
        .hasMessage("maxQueuedRequests: 0 unless maxConcurrentRequests is set. Found: 3");
    assertThatThrownBy(() -> AdmissionConfig.builder().maxConcurrentRequests(1)
        .maxQueueTime(Duration.ofMillis(2)).build())
        .hasMessage("codelTarget: at most maxQueueTime (2ms). Found: 5ms");
    assertThatThrownBy(() -> AdmissionGate.create(AdmissionConfig.DISABLED))
        .hasMessage("maxConcurrentRequests: a whole number >= 1 or adaptive for a gate. Found: 0");
    AdmissionConfig c = AdmissionConfig.builder().maxConcurrentRequests(4).maxQueuedRequests(8).build();
    assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
    assertThat(c.maxQueueTime()).isEqualTo(AdmissionConfig.DEFAULT_MAX_QUEUE_TIME);
    assertThat(QueueOrder.parse("Adaptive_LIFO")).isEqualTo(QueueOrder.ADAPTIVE_LIFO);
    assertThat(QueueOrder.parse("lifo")).isNull();
    assertThat(Criticality.parse("sheddable-plus")).isEqualTo(Criticality.SHEDDABLE_PLUS);
  }
}
