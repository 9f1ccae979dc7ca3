package dev.pressure.bench.overload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The priority and deadline scenarios' part of a run's report: a section of
 * {@code results.md} each (a table per workload and load, the targets, the settings),
 * {@code priority.csv} and {@code deadline.csv} (one row per cell), and a bar chart per workload
 * and load ({@code <workload>-priority-<load>x.svg}, {@code <workload>-deadline-<load>x.svg}).
 *
 * <p>Stateless; thread-safe.
 */
final class ScenarioReport {

  private static final String CRITICAL_COLOR = "#1f77b4";
  private static final String SHEDDABLE_COLOR = "#aec7e8";
  private static final String WASTED_COLOR = "#d62728";

  private ScenarioReport() {}

  /**
   * Writes the CSVs and plots of the scenarios that ran.
   *
   * @param r the results
   * @param dir the output directory (exists)
   * @throws IOException when a file cannot be written
   */
  static void write(HarnessResults r, Path dir) throws IOException {
    if (!r.priority().isEmpty()) {
      Files.writeString(dir.resolve("priority.csv"), priorityCsv(r));
    }
    if (!r.deadline().isEmpty()) {
      Files.writeString(dir.resolve("deadline.csv"), deadlineCsv(r));
    }
    for (Workload w : r.capacities().keySet()) {
      for (double load : r.options().scenarioLoads()) {
        List<PriorityCell> p = of(r.priority(), c -> c.cell(), w, load);
        if (!p.isEmpty()) {
          Files.writeString(dir.resolve(w.label() + "-priority-" + Report.num(load) + "x.svg"), priorityPlot(w, load, p));
        }
        List<DeadlineCell> d = of(r.deadline(), c -> c.cell(), w, load);
        if (!d.isEmpty()) {
          Files.writeString(dir.resolve(w.label() + "-deadline-" + Report.num(load) + "x.svg"), deadlinePlot(w, load, d));
        }
      }
    }
  }

  /**
   * The markdown sections of the scenarios that ran.
   *
   * @param r the results
   * @return markdown, empty when neither scenario ran
   */
  static String markdown(HarnessResults r) {
    StringBuilder sb = new StringBuilder();
    if (!r.priority().isEmpty()) {
      sb.append("### Priority mix\n\n");
      sb.append("Every fifth request is sent as `CRITICAL`, the others as `SHEDDABLE` (20% / 80%), in the `")
          .append(RequestMarks.CRITICALITY_HEADER).append("` header. The harness is the server's only caller, so "
          + "it is trusted: pressure-gate and pressure-adaptive read it with `criticalityHeader` (docs/admission.md "
          + "allows that only behind a gateway that sets or strips the header). Peers get their own features: "
          + "jetty-qos overrides `QoSHandler.getPriority` to read the header (suspended requests resume by "
          + "priority), concurrency-limits uses 0.5.3's partitioned limiter (a guaranteed share of the limit per "
          + "partition, 20% / 80%, no queue), none gets nothing. Goodput per class counts 200 responses within "
          + "the client timeout as a share of that class's requests sent in the overload phase.\n\n");
      for (Workload w : r.capacities().keySet()) {
        for (double load : r.options().scenarioLoads()) {
          List<PriorityCell> cells = of(r.priority(), c -> c.cell(), w, load);
          if (cells.isEmpty()) {
            continue;
          }
          sb.append(String.format(Locale.ROOT, "#### %s workload, %sx%n%n", w.label(), Report.num(load)));
          sb.append("| config | offered/s | CRITICAL sent | CRITICAL goodput | SHEDDABLE goodput | CRITICAL p99 ms "
              + "| SHEDDABLE p99 ms | p99 ms | rejected | timeouts |\n");
          sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
          for (PriorityCell c : cells) {
            sb.append(String.format(Locale.ROOT, "| %s | %.0f | %d | %s | %s | %s | %s | %s | %.1f%% | %.1f%% |%n",
                c.cell().protection().label(), c.cell().offeredPerSecond(), c.critical().offered(),
                pct(c.critical().goodputShare()), pct(c.sheddable().goodputShare()), ms(c.critical().p99Millis()),
                ms(c.sheddable().p99Millis()), ms(c.cell().p99Millis()), 100 * c.cell().rejectedShare(),
                100 * c.cell().timeoutShare()));
          }
          sb.append(String.format(Locale.ROOT, "%nTarget for pressure: CRITICAL goodput >= %.0f%% of its offered "
              + "requests.%n%n", 100 * PriorityCell.CRITICAL_TARGET));
          for (PriorityCell c : cells) {
            if (c.cell().protection() == Protection.PRESSURE_GATE
                || c.cell().protection() == Protection.PRESSURE_ADAPTIVE) {
              sb.append(String.format(Locale.ROOT, "- %s: %s (CRITICAL %s)%n", c.cell().protection().label(),
                  c.critical().goodputShare() >= PriorityCell.CRITICAL_TARGET ? "met" : "missed",
                  pct(c.critical().goodputShare())));
            }
          }
          sb.append('\n').append(settings(cells.stream().map(PriorityCell::cell).toList())).append("\n\n");
          sb.append(String.format(Locale.ROOT, "![priority](%s-priority-%sx.svg)%n%n", w.label(), Report.num(load)));
        }
      }
    }
    if (!r.deadline().isEmpty()) {
      sb.append("### Deadlines and wasted work\n\n");
      sb.append(String.format(Locale.ROOT, "Each request carries the milliseconds its client will still wait "
          + "(client timeout %d ms, less the send lag) in `%s`, and its intended send time in `%s`. "
          + "pressure-gate and pressure-adaptive read the deadline with `deadlineHeader` (trusted caller, as "
          + "above); the peers have no such feature. Wasted work: the service time (time holding the bottleneck "
          + "in `FixedCapacity.serve`) of every overload-phase request whose service ended after its client's "
          + "deadline (intended send time + timeout), as a share of the service time of all overload-phase "
          + "requests served (see `WastedWork`). Client and server share one JVM and one clock.%n%n",
          r.options().timeout().toMillis(), RequestMarks.DEADLINE_HEADER, RequestMarks.INTENDED_HEADER));
      for (Workload w : r.capacities().keySet()) {
        for (double load : r.options().scenarioLoads()) {
          List<DeadlineCell> cells = of(r.deadline(), c -> c.cell(), w, load);
          if (cells.isEmpty()) {
            continue;
          }
          sb.append(String.format(Locale.ROOT, "#### %s workload, %sx%n%n", w.label(), Report.num(load)));
          sb.append("| config | offered/s | sent | served | goodput/s | goodput | wasted requests | wasted server "
              + "time | p99 ms | rejected | timeouts |\n");
          sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
          for (DeadlineCell c : cells) {
            sb.append(String.format(Locale.ROOT, "| %s | %.0f | %d | %d | %.0f | %.0f%% | %d | %s | %s | %.1f%% "
                + "| %.1f%% |%n", c.cell().protection().label(), c.cell().offeredPerSecond(), c.cell().sent(),
                c.wasted().served(), c.cell().goodputPerSecond(), 100 * c.cell().goodputShare(), c.wasted().wasted(),
                pct(c.wasted().share()), ms(c.cell().p99Millis()), 100 * c.cell().rejectedShare(),
                100 * c.cell().timeoutShare()));
          }
          sb.append(String.format(Locale.ROOT, "%nTarget for pressure: wasted work <= %.0f%% of server time.%n%n",
              100 * DeadlineCell.WASTED_TARGET));
          for (DeadlineCell c : cells) {
            if (c.cell().protection() == Protection.PRESSURE_GATE
                || c.cell().protection() == Protection.PRESSURE_ADAPTIVE) {
              sb.append(String.format(Locale.ROOT, "- %s: %s (%s)%n", c.cell().protection().label(),
                  c.wasted().share() <= DeadlineCell.WASTED_TARGET ? "met" : "missed", pct(c.wasted().share())));
            }
          }
          sb.append('\n').append(settings(cells.stream().map(DeadlineCell::cell).toList())).append("\n\n");
          sb.append(String.format(Locale.ROOT, "![deadline](%s-deadline-%sx.svg)%n%n", w.label(), Report.num(load)));
        }
      }
      sb.append("Served: overload-phase requests whose service finished before the server stopped at the cell's "
          + "end (an unprotected server may still have a backlog then, which is cut short and not counted).\n\n");
    }
    return sb.toString();
  }

  static String priorityCsv(HarnessResults r) {
    StringBuilder sb = new StringBuilder("workload,config,load,offered_per_s,sent,critical_sent,critical_ok,"
        + "critical_share,critical_p99_ms,sheddable_sent,sheddable_ok,sheddable_share,sheddable_p99_ms,p99_ms,"
        + "rejected_share,timeout_share\n");
    for (PriorityCell c : r.priority()) {
      sb.append(String.format(Locale.ROOT, "%s,%s,%s,%.1f,%d,%d,%d,%s,%s,%d,%d,%s,%s,%s,%.4f,%.4f%n",
          c.cell().workload().label(), c.cell().protection().label(), Report.num(c.cell().loadFactor()),
          c.cell().offeredPerSecond(), c.cell().sent(), c.critical().offered(), c.critical().ok(),
          csv(c.critical().goodputShare()), csv(c.critical().p99Millis()), c.sheddable().offered(),
          c.sheddable().ok(), csv(c.sheddable().goodputShare()), csv(c.sheddable().p99Millis()),
          csv(c.cell().p99Millis()), c.cell().rejectedShare(), c.cell().timeoutShare()));
    }
    return sb.toString();
  }

  static String deadlineCsv(HarnessResults r) {
    StringBuilder sb = new StringBuilder("workload,config,load,offered_per_s,sent,served,service_ms,wasted,"
        + "wasted_ms,wasted_share,dropped,goodput_per_s,goodput_share,p99_ms,rejected_share,timeout_share\n");
    for (DeadlineCell c : r.deadline()) {
      WastedWork w = c.wasted();
      sb.append(String.format(Locale.ROOT, "%s,%s,%s,%.1f,%d,%d,%.3f,%d,%.3f,%s,%d,%.1f,%.4f,%s,%.4f,%.4f%n",
          c.cell().workload().label(), c.cell().protection().label(), Report.num(c.cell().loadFactor()),
          c.cell().offeredPerSecond(), c.cell().sent(), w.served(), w.serviceNanos() / 1e6, w.wasted(),
          w.wastedNanos() / 1e6, csv(w.share()), w.dropped(), c.cell().goodputPerSecond(), c.cell().goodputShare(),
          csv(c.cell().p99Millis()), c.cell().rejectedShare(), c.cell().timeoutShare()));
    }
    return sb.toString();
  }

  private static String priorityPlot(Workload w, double load, List<PriorityCell> cells) {
    SvgBarChart chart = new SvgBarChart(w.label() + " workload at " + Report.num(load)
        + "x: goodput per class (20% CRITICAL, 80% SHEDDABLE)", "goodput (% of the class's offered requests)", 100,
        cells.stream().map(c -> c.cell().protection().label()).toList());
    chart.series("CRITICAL", CRITICAL_COLOR, cells.stream().mapToDouble(c -> 100 * c.critical().goodputShare()).toArray());
    chart.series("SHEDDABLE", SHEDDABLE_COLOR,
        cells.stream().mapToDouble(c -> 100 * c.sheddable().goodputShare()).toArray());
    chart.reference("target 99%", "#888888", 100 * PriorityCell.CRITICAL_TARGET);
    return chart.render(820, 360);
  }

  private static String deadlinePlot(Workload w, double load, List<DeadlineCell> cells) {
    SvgBarChart chart = new SvgBarChart(w.label() + " workload at " + Report.num(load)
        + "x: server time spent after the client gave up", "wasted work (% of server time)", 100,
        cells.stream().map(c -> c.cell().protection().label()).toList());
    chart.series("wasted", WASTED_COLOR, cells.stream().mapToDouble(c -> 100 * c.wasted().share()).toArray());
    chart.reference("target 1%", "#888888", 100 * DeadlineCell.WASTED_TARGET);
    return chart.render(820, 360);
  }

  private static String settings(List<CellResult> cells) {
    List<String> s = new ArrayList<>();
    for (CellResult c : cells) {
      s.add(c.protection().label() + ": " + c.description());
    }
    return "Settings: " + String.join("; ", s) + ".";
  }

  /** The cells of one workload and load, in configuration order as run. */
  private static <T> List<T> of(List<T> all, Function<T, CellResult> cell, Workload w, double load) {
    return all.stream().filter(t -> cell.apply(t).workload() == w && cell.apply(t).loadFactor() == load).toList();
  }

  private static String pct(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, share < 0.01 && share > 0 ? "%.2f%%" : "%.1f%%",
        100 * share);
  }

  private static String ms(double d) {
    return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, d >= 100 ? "%.0f" : "%.1f", d);
  }

  private static String csv(double d) {
    return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.4f", d);
  }
}
