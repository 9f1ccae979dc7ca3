package dev.pressure.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Statistics computed from a synthetic recording whose answers are known. */
class CellResultTest {

  private static final long MS = 1_000_000L;
  private static final long START = 1_000 * MS;
  private static final long OVERLOAD = START + 1_000 * MS;
  private static final long DROP = OVERLOAD + 1_000 * MS;
  private static final long END = DROP + 2_000 * MS;

  @Test
  void overloadPhaseStatisticsCountOnlyRequestsSentInIt() {
    CellRecording rec = new CellRecording();
    rec.record(START + 10 * MS, START + 30 * MS, 200); // before: not counted
    for (int i = 0; i < 100; i++) {
      long t = OVERLOAD + i * 10 * MS;
      int status = i % 4 == 0 ? 503 : 200;
      rec.record(t, t + (status == 503 ? 1 : 20) * MS, status);
    }
    rec.record(OVERLOAD + 5 * MS, OVERLOAD + 1005 * MS, Outcomes.TIMEOUT);

    CellResult r = result(rec);

    assertThat(r.sent()).isEqualTo(101);
    assertThat(r.goodputPerSecond()).isEqualTo(75.0);
    assertThat(r.goodputShare()).isEqualTo(0.75);
    assertThat(r.rejectedShare()).isEqualTo(25 / 101.0);
    assertThat(r.timeoutShare()).isEqualTo(1 / 101.0);
    assertThat(r.p99Millis()).isBetween(19.8, 20.2);
    assertThat(r.rejectP99Millis()).isBetween(0.99, 1.01);
    assertThat(r.firstShedMillis()).isEqualTo(0.0);
  }

  @Test
  void recoveryIsTheStartOfTheFirstHealthySecondAfterTheDrop() {
    CellRecording rec = new CellRecording();
    for (int i = 0; i < 200; i++) {
      long t = DROP + i * 10 * MS;
      boolean slow = t < DROP + 450 * MS; // the backlog drains for 450 ms
      rec.record(t, t + (slow ? 500 : 20) * MS, 200);
    }

    CellResult r = result(rec);

    assertThat(r.recoveryMillis(50)).isEqualTo(500.0); // first whole healthy bucket
    assertThat(r.recoveryMillis(10)).isNaN(); // never under 10 ms: not recovered
    assertThat(r.firstShedMillis()).isNaN();
  }

  private static CellResult result(CellRecording rec) {
    return CellResult.of(Workload.RESOURCE, Protection.PRESSURE_GATE, "test", 1, 100, 100, rec, START, OVERLOAD, DROP, END);
  }
}
