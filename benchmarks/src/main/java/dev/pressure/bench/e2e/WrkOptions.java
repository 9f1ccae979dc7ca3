package dev.pressure.bench.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

/**
 * The settings of one {@link WrkEndToEnd} run. Immutable.
 *
 * <p>Why these defaults:
 * <ul>
 *   <li>{@code -t1}: wrk and Jetty share the machine's cores (two here). One wrk thread (one
 *       event loop) leaves the other core to Jetty; a second wrk thread would only take CPU from
 *       the server it measures, and the req/s would then say more about the scheduler than the
 *       server.
 *   <li>{@code -c32}: enough keep-alive connections that Jetty's selector and workers always
 *       have a request waiting (the server, not the connection count, is the bottleneck), few
 *       enough that wrk's one thread is not spending its time on connection bookkeeping and that
 *       latency stays in the sub-millisecond to millisecond range where a filter's cost would
 *       show.
 *   <li>rounds and seconds: {@code full} 5 rounds of 5 s, {@code quick} 3 of 3 s. The median of
 *       5 interleaved rounds ignores one disturbed round on a shared machine; 5 s is long enough
 *       that a GC or a JIT recompilation is a small share of a round.
 *   <li>warm-up: once per setup before the first round (10 s full, 4 s quick), so the JIT has
 *       compiled Jetty's, the servlet's and the filter's hot paths before anything is measured
 *       (with 2 s per setup on a loaded machine, every setup's first round still ran at about
 *       half the rate of its later ones), then a 1 s settle on each fresh server before its
 *       measured round (its pools and connections are new).
 * </ul>
 *
 * @param rounds measured rounds (each runs every setup once)
 * @param seconds length of each measured wrk run
 * @param warmupSeconds unmeasured wrk run per setup before the first round (0: none)
 * @param settleSeconds unmeasured wrk run on each fresh server before its round (0: none)
 * @param threads wrk's {@code -t}
 * @param connections wrk's {@code -c}
 * @param wrk the wrk executable
 * @param out where the report goes
 * @param setups the configurations, in the order each round runs them ({@link Setup#BARE} first)
 */
record WrkOptions(int rounds, int seconds, int warmupSeconds, int settleSeconds, int threads, int connections,
    Path wrk, Path out, List<Setup> setups) {

  /** Default report directory, relative to the repository root. */
  static final Path DEFAULT_OUT = Paths.get("benchmarks", "target", "wrk");
  /** Where Debian's {@code wrk} package installs it; used when {@code wrk} is not on the PATH. */
  static final Path DEBIAN_WRK = Paths.get("/usr/bin/wrk");

  /** Checks the values. */
  WrkOptions {
    atLeast("--rounds", rounds, 1);
    atLeast("--seconds", seconds, 1);
    atLeast("--warmup", warmupSeconds, 0);
    atLeast("--settle", settleSeconds, 0);
    atLeast("--threads", threads, 1);
    if (connections < threads) {
      throw new IllegalArgumentException("--connections: an integer >= --threads (" + threads + "). Found: "
          + connections);
    }
    setups = List.copyOf(setups);
    if (setups.isEmpty() || setups.get(0) != Setup.BARE || setups.stream().distinct().count() != setups.size()) {
      throw new IllegalArgumentException("--configs: bare first, then filter and/or filter-gate, each once. Found: "
          + String.join(",", setups.stream().map(Setup::label).toList()));
    }
  }

  /** {@return 3 rounds of 3 s after a 4 s warm-up per setup} */
  static WrkOptions quick() {
    return new WrkOptions(3, 3, 4, 1, 1, 32, defaultWrk(), DEFAULT_OUT, List.of(Setup.values()));
  }

  /** {@return 5 rounds of 5 s after a 10 s warm-up per setup} */
  static WrkOptions full() {
    return new WrkOptions(5, 5, 10, 1, 1, 32, defaultWrk(), DEFAULT_OUT, List.of(Setup.values()));
  }

  /**
   * Parses the command line: {@code --mode quick|full} picks the defaults (quick when absent),
   * then {@code --rounds}, {@code --seconds}, {@code --warmup}, {@code --settle},
   * {@code --threads}, {@code --connections}, {@code --wrk}, {@code --out} and {@code --configs}
   * (comma-separated) override them.
   *
   * @param args the arguments, as {@code --flag value} pairs
   * @return the options
   * @throws IllegalArgumentException {@code <flag>: <allowed>. Found: <value>}
   */
  static WrkOptions parse(String... args) {
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("arguments: --flag value pairs. Found: " + String.join(" ", args));
    }
    WrkOptions o = quick();
    for (int i = 0; i < args.length; i += 2) {
      if (args[i].equals("--mode")) {
        o = switch (args[i + 1]) {
          case "quick" -> quick();
          case "full" -> full();
          default -> throw new IllegalArgumentException("--mode: quick or full. Found: " + args[i + 1]);
        };
      }
    }
    for (int i = 0; i < args.length; i += 2) {
      String flag = args[i];
      String v = args[i + 1];
      o = switch (flag) {
        case "--mode" -> o;
        case "--rounds" -> o.with(integer(flag, v), o.seconds, o.warmupSeconds, o.settleSeconds, o.threads,
            o.connections, o.wrk, o.out, o.setups);
        case "--seconds" -> o.with(o.rounds, integer(flag, v), o.warmupSeconds, o.settleSeconds, o.threads,
            o.connections, o.wrk, o.out, o.setups);
        case "--warmup" -> o.with(o.rounds, o.seconds, integer(flag, v), o.settleSeconds, o.threads, o.connections,
            o.wrk, o.out, o.setups);
        case "--settle" -> o.with(o.rounds, o.seconds, o.warmupSeconds, integer(flag, v), o.threads, o.connections,
            o.wrk, o.out, o.setups);
        case "--threads" -> o.with(o.rounds, o.seconds, o.warmupSeconds, o.settleSeconds, integer(flag, v),
            o.connections, o.wrk, o.out, o.setups);
        case "--connections" -> o.with(o.rounds, o.seconds, o.warmupSeconds, o.settleSeconds, o.threads,
            integer(flag, v), o.wrk, o.out, o.setups);
        case "--wrk" -> o.with(o.rounds, o.seconds, o.warmupSeconds, o.settleSeconds, o.threads, o.connections,
            Paths.get(v), o.out, o.setups);
        case "--out" -> o.with(o.rounds, o.seconds, o.warmupSeconds, o.settleSeconds, o.threads, o.connections,
            o.wrk, Paths.get(v), o.setups);
        case "--configs" -> o.with(o.rounds, o.seconds, o.warmupSeconds, o.settleSeconds, o.threads, o.connections,
            o.wrk, o.out, Arrays.stream(v.split(",")).map(Setup::parse).toList());
        default -> throw new IllegalArgumentException("arguments: --mode, --rounds, --seconds, --warmup, --settle, "
            + "--threads, --connections, --wrk, --out, --configs. Found: " + flag);
      };
    }
    return o;
  }

  /** {@return a copy with every value given} */
  WrkOptions with(int rounds, int seconds, int warmupSeconds, int settleSeconds, int threads, int connections,
      Path wrk, Path out, List<Setup> setups) {
    return new WrkOptions(rounds, seconds, warmupSeconds, settleSeconds, threads, connections, wrk, out, setups);
  }

  /** {@return the run's shape as wrk flags and rounds, for logs and reports} */
  String describe() {
    return "wrk -t" + threads + " -c" + connections + " -d" + seconds + "s --latency; " + rounds + " round"
        + (rounds == 1 ? "" : "s") + " of " + String.join(", ", setups.stream().map(Setup::label).toList())
        + "; warm-up " + warmupSeconds + " s per setup, settle " + settleSeconds + " s per fresh server";
  }

  /** {@return the first {@code wrk} on the PATH, else Debian's {@code /usr/bin/wrk}} */
  private static Path defaultWrk() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Paths.get(dir.isEmpty() ? "." : dir, "wrk");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return DEBIAN_WRK;
  }

  private static int integer(String flag, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + ": an integer. Found: " + v, e);
    }
  }

  private static void atLeast(String flag, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(flag + ": an integer >= " + min + ". Found: " + value);
    }
  }
}
