package dev.pressure.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Jetty;

/**
 * The end-to-end scenario of issue 17: wrk against a hello-world servlet on Jetty 12, bare and
 * with pressure's filter, req/s ratio in one run (target: the filter keeps >= 97%).
 *
 * <p>Run (from the repository root, after
 * {@code mvn -B -o -q -pl benchmarks -am package -DskipTests}):
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.pressure.bench.e2e.WrkEndToEnd --mode full --out benchmarks/target/wrk
 * }</pre>
 * Flags: {@code --mode quick|full}, {@code --rounds}, {@code --seconds}, {@code --warmup},
 * {@code --settle}, {@code --threads}, {@code --connections}, {@code --wrk PATH},
 * {@code --out DIR}, {@code --configs bare,filter,filter-gate} ({@link WrkOptions}).
 *
 * <p><b>Design, and why.</b>
 * <ul>
 *   <li><b>One JVM, a fresh server per measured run.</b> The setups ({@link Setup}) run in this
 *       JVM, so they share one JIT and one heap: the filter's cost is measured on the same
 *       compiled Jetty as the baseline, not across JVMs whose compilation and heap layout
 *       differ by more than the few percent being measured. But only the server being measured
 *       exists: each run starts its server (and, for the filter setups, its
 *       {@code PressureMonitor}) and closes it after. Servers kept running across rounds would
 *       leave the idle filter setups' monitors sampling (a thread waking every 10 ms for the
 *       scheduling lag, a sample every second) during the bare rounds, charging the baseline with
 *       the filter's background cost and hiding it from the ratio. A fresh server costs a 1 s
 *       settle run before its measured one; the JIT is already warm from the warm-up.
 *   <li><b>Interleaved rounds</b> ({@code bare, filter, filter-gate}, then {@code filter,
 *       filter-gate, bare}, ...: each round rotated by one, {@link #order}): the machine is
 *       shared, and its load drifts; interleaving spreads that drift over every setup instead of
 *       putting it all on whichever ran last, and the rotation keeps any effect of a position in
 *       the round (what ran just before) from always landing on the same setup. A {@code System.gc()} before every run leaves each
 *       one the same empty heap rather than its predecessor's garbage.
 *   <li><b>wrk and Jetty share the cores.</b> With two cores, {@code -t1} gives wrk one event
 *       loop, about a core, and leaves the rest to Jetty. That also means part of every request's
 *       CPU is wrk's, identical in every setup, so the ratio is an end-to-end one, as the issue
 *       asks: it dilutes the filter's server-side share somewhat against a server-only measure
 *       (the JMH benchmarks measure that share alone).
 *   <li><b>A closed-loop tool</b> (wrk): right for throughput, which this scenario is about; the
 *       overload harness measures latency open-loop.
 *   <li><b>Only served requests count</b>: a run with a non-2xx answer or a socket error fails
 *       the whole run ({@link Round#check()}), loudly, rather than reporting a rate of errors.
 * </ul>
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class WrkEndToEnd {

  private WrkEndToEnd() {
  }

  /**
   * Runs the scenario and writes the report.
   *
   * @param args see the class comment
   * @throws Exception when the run fails
   */
  public static void main(String[] args) throws Exception {
    WrkOptions options;
    try {
      options = WrkOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    EndToEndResults results = run(options, System.out::println);
    Path md = EndToEndReport.write(results, options.out());
    System.out.println("report: " + md.toAbsolutePath());
  }

  /**
   * Warms every setup, then runs the rounds.
   *
   * @param options the settings
   * @param log progress lines
   * @return every round
   * @throws IllegalStateException when wrk is missing or a round saw a non-2xx answer or a socket error
   */
  static EndToEndResults run(WrkOptions options, Consumer<String> log) throws Exception {
    Wrk wrk = new Wrk(options.wrk()).check();
    List<String> environment = List.of(
        "CPUs: " + Runtime.getRuntime().availableProcessors(),
        "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version"),
        "Jetty: " + Jetty.VERSION,
        "wrk: " + wrk.version());
    String loadBefore = loadAverage();
    log.accept(options.describe() + "; load average " + loadBefore);

    if (options.warmupSeconds() > 0) {
      for (Setup setup : options.setups()) {
        try (HelloServer server = HelloServer.start(setup, 200)) {
          WrkOutput w = wrk.run(server.uri(), options.threads(), options.connections(), options.warmupSeconds());
          log.accept("warm-up " + setup.label() + ": " + w.summary());
        }
      }
    }
    List<Round> rounds = new ArrayList<>();
    for (int round = 1; round <= options.rounds(); round++) {
      for (Setup setup : order(options.setups(), round)) {
        Round r = measure(wrk, options, round, setup);
        rounds.add(r);
        log.accept("round " + round + " " + setup.label() + ": " + r.wrk().summary() + " (load "
            + String.format(Locale.ROOT, "%.2f", r.loadAverage()) + ")");
        r.check();
      }
    }
    EndToEndResults results = new EndToEndResults(options, rounds, environment, loadBefore, loadAverage());
    for (Setup setup : options.setups()) {
      log.accept(String.format(Locale.ROOT, "%s: median %.0f req/s, %.1f%% of bare; rounds %s", setup.label(),
          results.medianRate(setup), 100 * results.ratio(setup), results.perRound(setup)));
    }
    return results;
  }

  /**
   * The order of a round: the setups rotated by one more each round (round 1: bare, filter,
   * filter-gate; round 2: filter, filter-gate, bare; ...), so no setup always runs right after
   * the same neighbour or at the same point of a round.
   *
   * @param setups the setups, as configured
   * @param round 1-based
   * @return the round's order
   */
  static List<Setup> order(List<Setup> setups, int round) {
    List<Setup> order = new ArrayList<>(setups);
    java.util.Collections.rotate(order, -((round - 1) % setups.size()));
    return order;
  }

  private static Round measure(Wrk wrk, WrkOptions options, int round, Setup setup) throws Exception {
    try (HelloServer server = HelloServer.start(setup, 200)) {
      if (options.settleSeconds() > 0) {
        wrk.run(server.uri(), options.threads(), options.connections(), options.settleSeconds());
      }
      System.gc();
      double load = oneMinuteLoad();
      WrkOutput w = wrk.run(server.uri(), options.threads(), options.connections(), options.seconds());
      return new Round(round, setup, w, load);
    }
  }

  /** {@return {@code /proc/loadavg}'s first three fields, or "unknown" off Linux} */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static double oneMinuteLoad() {
    try {
      return Double.parseDouble(loadAverage().split(" ")[0]);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
