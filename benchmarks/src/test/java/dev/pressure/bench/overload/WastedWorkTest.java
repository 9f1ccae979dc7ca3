package dev.pressure.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.admission.Criticality;
import org.junit.jupiter.api.Test;

class WastedWorkTest {

  private static final long MS = 1_000_000L;
  private static final long FROM = 1_000 * MS;
  private static final long TO = 2_000 * MS;
  private static final long TIMEOUT = 1_000 * MS;

  @Test
  void serviceEndingAfterTheClientsDeadlineIsWastedWholly() {
    ServiceLog log = new ServiceLog(16);
    log.record(FROM, FROM + 10 * MS, FROM + 30 * MS); // in time: 20 ms
    log.record(FROM + 5 * MS, FROM + 990 * MS, FROM + 1_020 * MS); // ends 15 ms late: all 30 ms wasted
    log.record(FROM + 6 * MS, FROM + 1_100 * MS, FROM + 1_150 * MS); // starts late: 50 ms wasted
    log.record(FROM - 1, FROM, FROM + 5_000 * MS); // sent before the overload phase: not counted
    log.record(TO, TO, TO + 5_000 * MS); // sent after it: not counted

    WastedWork w = WastedWork.of(log, FROM, TO, TIMEOUT);

    assertThat(w.served()).isEqualTo(3);
    assertThat(w.serviceNanos()).isEqualTo(100 * MS);
    assertThat(w.wasted()).isEqualTo(2);
    assertThat(w.wastedNanos()).isEqualTo(80 * MS);
    assertThat(w.share()).isEqualTo(0.8);
    assertThat(w.dropped()).isZero();
  }

  @Test
  void aFullLogCountsWhatItDropsAndNothingServedIsNaN() {
    ServiceLog log = new ServiceLog(1);
    log.record(FROM, FROM, FROM + MS);
    log.record(FROM, FROM, FROM + MS);

    assertThat(WastedWork.of(log, FROM, TO, TIMEOUT).dropped()).isEqualTo(1);
    assertThat(WastedWork.of(log, FROM, TO, TIMEOUT).served()).isEqualTo(1);
    assertThat(WastedWork.of(new ServiceLog(0), FROM, TO, TIMEOUT).share()).isNaN();
  }

  @Test
  void classOutcomesCountOnlyTheirOwnTagInTheOverloadPhase() {
    CellRecording rec = new CellRecording();
    int critical = Criticality.CRITICAL.ordinal() + 1;
    int sheddable = Criticality.SHEDDABLE.ordinal() + 1;
    rec.record(FROM, FROM + 20 * MS, 200, critical);
    rec.record(FROM + MS, FROM + 21 * MS, 200, critical);
    rec.record(FROM + 2 * MS, FROM + 3 * MS, 503, sheddable);
    rec.record(FROM + 3 * MS, FROM + 1_003 * MS, Outcomes.TIMEOUT, sheddable);
    rec.record(FROM - MS, FROM, 503, critical); // before the phase

    ClassOutcome c = ClassOutcome.of(rec, Criticality.CRITICAL, FROM, TO);
    ClassOutcome s = ClassOutcome.of(rec, Criticality.SHEDDABLE, FROM, TO);

    assertThat(c.offered()).isEqualTo(2);
    assertThat(c.goodputShare()).isEqualTo(1.0);
    assertThat(c.p99Millis()).isBetween(19.0, 21.0);
    assertThat(s.offered()).isEqualTo(2);
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(s.timeouts()).isEqualTo(1);
    assertThat(s.goodputShare()).isZero();
    assertThat(s.p99Millis()).isNaN();
  }

  @Test
  void theMixIsEveryFifthRequestCritical() {
    RequestMarks mix = RequestMarks.PRIORITY_MIX;

    assertThat(mix.level(0)).isEqualTo(Criticality.CRITICAL);
    assertThat(mix.level(1)).isEqualTo(Criticality.SHEDDABLE);
    assertThat(mix.level(5)).isEqualTo(Criticality.CRITICAL);
    assertThat(RequestMarks.levelOf(mix.tag(10))).isEqualTo(Criticality.CRITICAL);
    assertThat(RequestMarks.levelOf(mix.tag(14))).isEqualTo(Criticality.SHEDDABLE);
    assertThat(RequestMarks.NONE.plain()).isTrue();
    assertThat(RequestMarks.DEADLINES.plain()).isFalse();
    assertThat(RequestMarks.levelOf(RequestMarks.NONE.tag(3))).isNull();
  }
}
