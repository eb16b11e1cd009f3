package io.netmodel.bench;

import io.netmodel.api.namespace.NamespaceHandle;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The attach/detach benchmark: for each N, netmodel creates N bridge-mode sandboxes on one
 * IPv4-only /16 bridge network and removes them, then N none-mode sandboxes (the namespace
 * floor), and reports time per sandbox, growth with N, and the JVM's memory and descriptors;
 * then the C floor ({@link Floor}: the same attach with raw syscalls and the fewest rtnetlink
 * messages) does it too, and netmodel's ratio to it is printed; at the peer sizes, {@code ip}
 * (one process per operation), {@code ip -batch} and the CNI bridge plugin do the same work
 * in host namespaces of their own, and the ratios are printed.
 *
 * <pre>
 * mvn -B -q package -DskipTests
 * java -jar netmodel-bench/target/netmodel-bench.jar --n 50,200,1000
 * </pre>
 *
 * <p>Runs as root. Every host namespace it uses is a throwaway one it makes under a temporary
 * directory and deletes (also on Ctrl-C); the machine's interfaces are never touched. Not
 * thread-safe: one run at a time per JVM.
 */
public final class Bench {
  private static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

  private Bench() {}

  /** Runs the benchmark and exits with its status (0 done, 1 failed, 2 bad arguments). */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the benchmark, printing the figures to {@code out} and failures to {@code err}.
   *
   * @return 0 when it ran to the end, 1 when a step failed, 2 for bad arguments
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("netmodel-bench: " + e.getMessage());
      err.println(Options.USAGE);
      return 2;
    }
    if (options.help()) {
      out.println(Options.USAGE);
      return 0;
    }
    // Start peers' programs as a runtime does (one vfork and exec), not through the JDK's
    // default helper process, which is an extra exec per program.
    if (System.getProperty(LAUNCH_MECHANISM) == null) {
      System.setProperty(LAUNCH_MECHANISM, "VFORK");
    }
    Path tmp = options.tmp().orElseGet(Bench::defaultTmp);
    World world;
    try {
      world = World.open(tmp);
    } catch (RuntimeException e) {
      err.println("netmodel-bench: cannot start: " + describe(e));
      return 1;
    }
    Thread hook = new Thread(world::closeQuietly, "netmodel-bench-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    int status = 0;
    try {
      new Bench.Run(options, world, new Report(out)).all();
    } catch (RuntimeException e) {
      err.println("netmodel-bench: failed: " + describe(e));
      status = 1;
    } finally {
      List<String> problems = world.closeQuietly();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook has run or runs now, and finds nothing left.
      }
      if (!problems.isEmpty()) {
        err.println("netmodel-bench: could not remove everything: " + String.join("; ", problems));
        status = 1;
      }
    }
    return status;
  }

  /**
   * Where the throwaway directory goes by default: {@code /dev/shm} (memory, as {@code /run},
   * where netmodel keeps its state by default, is on a usual Linux host), else the JVM's
   * temporary directory.
   */
  static Path defaultTmp() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm
        : Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** One run of the benchmark. */
  private static final class Run {
    private final Options options;
    private final World world;
    private final Report report;
    private final List<Peer> peers;
    /** Size to peer key to attach and detach ratios. */
    private final Map<Integer, Map<String, double[]>> ratios = new TreeMap<>();
    private final Map<Integer, NetmodelRun> runs = new TreeMap<>();
    private final Map<Integer, Floor.Result> floors = new TreeMap<>();
    private Optional<Floor> floor = Optional.empty();
    private Optional<String> floorSkipped = Optional.empty();

    Run(Options options, World world, Report report) {
      this.options = options;
      this.world = world;
      this.report = report;
      List<Peer> chosen = new ArrayList<>();
      for (String key : options.peers()) {
        chosen.add(
            switch (key) {
              case "ip" -> new IpPerOperation();
              case "ip-batch" -> new IpBatch();
              case "cni" -> new CniBridge(world.root().resolve("cni-ipam"));
              default -> throw new IllegalArgumentException("unknown peer: " + key);
            });
      }
      this.peers = List.copyOf(chosen);
    }

    void all() {
      header();
      if (options.jitWarmup() > 0) {
        jitWarmup();
      }
      for (int size : options.sizes()) {
        NetmodelRun run = NetmodelWorkload.run(world, size, options.warmup(), options.profile());
        runs.put(size, run);
        printNetmodel(run);
        if (options.floorSizes().contains(size)) {
          runFloor(run);
        }
        if (options.peerSizes().contains(size)) {
          runPeers(run);
        }
      }
      aims();
    }

    private void header() {
      report.line(
          "netmodel-bench, "
              + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              + ": kernel "
              + System.getProperty("os.version")
              + ", "
              + Runtime.getRuntime().availableProcessors()
              + " CPUs, Java "
              + System.getProperty("java.version")
              + ", load average "
              + loadAverage()
              + " (a shared machine is noisy: compare ratios within one run)");
      report.line(
          "sizes "
              + options.sizes()
              + (options.peers().isEmpty()
                  ? ", no peers"
                  : ", peers " + options.peers() + " at " + options.peerSizes())
              + (options.floorSizes().isEmpty() ? "" : ", C floor at " + options.floorSizes())
              + (options.jitWarmup() > 0
                  ? ", netmodel's JIT warm-up at most " + options.jitWarmup() + " sandboxes"
                  : ", no JIT warm-up")
              + ", netmodel warm-up "
              + options.warmup()
              + " sandboxes per size (in rounds of at most "
              + NetmodelWorkload.WARMUP_ROUND
              + "), the floor's "
              + Math.min(options.warmup(), NetmodelWorkload.WARMUP_ROUND)
              + ", peers' warm-up "
              + Peer.WARMUP
              + (options.profile() ? ", profiling the kernel port" : "")
              + "; throwaway directory "
              + world.root());
      if (!options.floorSizes().isEmpty()) {
        buildFloor();
      }
      if (!options.peerSizes().isEmpty() && !options.peers().isEmpty()) {
        NamespaceHandle probe = world.newHost("spawn-probe");
        try {
          Timing spawn =
              NetmodelWorkload.time(20, i -> Commands.run(probe, List.of("true")));
          report.line(
              "starting a process from this JVM ("
                  + System.getProperty(LAUNCH_MECHANISM)
                  + "): /bin/true median "
                  + Report.ms(spawn.medianMillis())
                  + " ms");
        } finally {
          world.dropHost(probe);
        }
      }
    }

    /** Warms netmodel's code up until the JIT compiler is quiet, and says what that took. */
    private void jitWarmup() {
      JitWarmup.Result r = JitWarmup.run(world, options.jitWarmup(), options.profile());
      report.line(
          String.format(
              Locale.ROOT,
              "JIT warm-up: %d bridge-mode sandboxes (and as many none-mode) in %d rounds, %.1f s;"
                  + " %s; per sandbox %.3f ms in the first round, %.3f ms in the last; the"
                  + " compiler worked %s ms in the first round, %s ms in the last",
              r.sandboxes(),
              r.rounds(),
              r.millis() / 1000.0,
              r.quiet()
                  ? "the compiler was quiet for the last " + JitWarmup.QUIET_ROUNDS + " rounds"
                  : "the compiler was not quiet yet (--jit-warmup reached)",
              r.firstRoundMillis(),
              r.lastRoundMillis(),
              compileText(r.firstCompileMillis()),
              compileText(r.lastCompileMillis())));
    }

    private static String compileText(long millis) {
      return millis < 0 ? "(not reported)" : Long.toString(millis);
    }

    private void printNetmodel(NetmodelRun run) {
      int n = run.size();
      report.heading("N = " + n + " sandboxes on one IPv4-only /16 bridge network");
      report.columns();
      report.row("netmodel attach (bridge mode)", run.attach());
      report.line(
          "  (the JIT compiler worked "
              + compileText(run.attachCompileMillis())
              + " ms while the attaches were timed)");
      report.row("netmodel remove", run.remove());
      report.line(
          "  (the kernel destroyed the removed sandboxes' veths in the background within "
              + run.vethsGoneMillis()
              + " ms of the last removal)");
      report.row("netmodel none-mode create (namespace floor)", run.noneCreate());
      report.row("netmodel none-mode remove", run.noneRemove());
      report.memory(n, run.before(), run.live());
      if (options.profile()) {
        report.profile("attach", run.attachSteps(), run.attach());
        report.profile("remove", run.removeSteps(), run.remove());
      }
    }

    /** Compiles floor.c once, before anything is measured; or notes why the floor is skipped. */
    private void buildFloor() {
      floorSkipped = Floor.missing();
      if (floorSkipped.isEmpty()) {
        try {
          Floor built = Floor.compile(world.root().resolve("floor"));
          floor = Optional.of(built);
          report.line(
              "C floor: "
                  + Floor.source().orElseThrow()
                  + " built with cc -O2 in "
                  + built.compileMillis()
                  + " ms");
        } catch (BenchException e) {
          floorSkipped = Optional.of("building floor.c failed: " + e.getMessage());
        }
      }
      floorSkipped.ifPresent(reason -> report.line("C floor: skipped, " + reason));
    }

    private void runFloor(NetmodelRun netmodel) {
      int n = netmodel.size();
      if (floor.isEmpty()) {
        report.line("floor: skipped, " + floorSkipped.orElse("not built"));
        return;
      }
      NamespaceHandle host = world.newHost("floor-host-" + n);
      Floor.Result run;
      try {
        // C has no compiler to warm: the floor's warm-up only warms the kernel, and its sandboxes
        // are live at once (a bridge takes 1023 ports).
        int floorWarmup = Math.min(options.warmup(), NetmodelWorkload.WARMUP_ROUND);
        run = floor.get().run(host, n, floorWarmup, world.root().resolve("floor-netns-" + n));
      } finally {
        world.dropHost(host);
      }
      floors.put(n, run);
      report.line("floor (floor.c: raw syscalls, fewest rtnetlink messages, one process):");
      report.row("  attach", run.attach());
      report.row("  detach (namespace deletion)", run.detach());
      report.line(
          "  (the kernel destroyed the detached sandboxes' veths in the background within "
              + run.vethsGoneMillis()
              + " ms of the last detach)");
      report.steps(
          "  steps of the floor's attach (CLOCK_MONOTONIC around each):",
          run.steps(),
          run.attach(),
          "all steps",
          "between the steps (loop, clock reads)");
      report.line(
          String.format(
              Locale.ROOT,
              "netmodel over the floor at N = %d: attach %s the floor's (mean; median %s),"
                  + " remove %+.3f ms over the floor's detach (mean; median %+.3f ms)",
              n,
              Report.ratio(netmodel.attach().meanMillis() / run.attach().meanMillis()),
              Report.ratio(
                  netmodel.attach().medianMillis().getAsDouble()
                      / run.attach().medianMillis().getAsDouble()),
              netmodel.remove().meanMillis() - run.detach().meanMillis(),
              netmodel.remove().medianMillis().getAsDouble()
                  - run.detach().medianMillis().getAsDouble()));
    }

    private void runPeers(NetmodelRun netmodel) {
      int n = netmodel.size();
      Map<String, double[]> sizeRatios = new LinkedHashMap<>();
      for (Peer peer : peers) {
        Optional<String> missing = peer.missing();
        if (missing.isPresent()) {
          report.line("peer " + peer.label() + ": skipped, " + missing.get());
          continue;
        }
        NamespaceHandle host = world.newHost(peer.key() + "-host-" + n);
        PeerRun run;
        try {
          run = peer.run(host, n, world.peerPrefix() + peer.key() + n + "-");
        } finally {
          world.dropHost(host);
        }
        report.line("peer " + peer.label() + ":");
        report.row("  attach", run.attach());
        report.row("  detach", run.detach());
        run.part()
            .ifPresent(
                part -> {
                  report.row("  " + part.label() + ": attach", part.attach());
                  report.row("  " + part.label() + ": detach", part.detach());
                });
        sizeRatios.put(
            peer.key(),
            new double[] {
              run.attach().meanMillis() / netmodel.attach().meanMillis(),
              run.detach().meanMillis() / netmodel.remove().meanMillis()
            });
      }
      ratios.put(n, sizeRatios);
      report.line("ratios at N = " + n + ", peer's mean per sandbox / netmodel's (above 1:"
          + " netmodel is faster):");
      if (sizeRatios.isEmpty()) {
        report.line("  none (no peer ran)");
      }
      sizeRatios.forEach(
          (key, r) ->
              report.line(
                  "  "
                      + Report.pad(key, 10)
                      + " attach "
                      + Report.ratio(r[0])
                      + "   detach "
                      + Report.ratio(r[1])));
    }

    private void aims() {
      report.heading("aims (issue #9)");
      for (NetmodelRun run : runs.values()) {
        int n = run.size();
        double overNamespace = run.remove().meanMillis() - run.noneRemove().meanMillis();
        report.line(
            String.format(
                Locale.ROOT,
                "N = %d: remove %.3f ms over the none-mode removal (aim: at most 0.5) %s",
                n,
                overNamespace,
                verdict(overNamespace <= 0.5)));
        Floor.Result floorRun = floors.get(n);
        if (floorRun != null) {
          double times = run.attach().meanMillis() / floorRun.attach().meanMillis();
          report.line(
              "N = "
                  + n
                  + ": attach "
                  + Report.ratio(times)
                  + " the C floor's (aim: at most 1.3x) "
                  + verdict(times <= 1.3));
          double over = run.remove().meanMillis() - floorRun.detach().meanMillis();
          report.line(
              String.format(
                  Locale.ROOT,
                  "N = %d: remove %.3f ms over the C floor's namespace deletion (aim: at most"
                      + " 0.5) %s",
                  n,
                  over,
                  verdict(over <= 0.5)));
        }
        Map<String, double[]> sizeRatios = ratios.getOrDefault(n, Map.of());
        aim(n, sizeRatios, "ip-batch", 7);
        aim(n, sizeRatios, "cni", 20);
        if (n == 1000) {
          double growth = run.attach().growth().orElse(Double.NaN);
          report.line(
              "N = 1000: attach growth (last tenth / first tenth) "
                  + Report.ratio(growth)
                  + " (aim: at most 1.5) "
                  + verdict(growth <= 1.5));
        }
      }
      if (floors.isEmpty()) {
        report.line(
            "the C floor (attach at most 1.3x it) was not measured: "
                + (options.floorSizes().isEmpty()
                    ? "--floor-n none"
                    : floorSkipped.orElse("it did not run")));
      }
    }

    private void aim(int n, Map<String, double[]> sizeRatios, String key, int atLeast) {
      double[] r = sizeRatios.get(key);
      if (r == null) {
        return;
      }
      report.line(
          "N = "
              + n
              + ": attach "
              + Report.ratio(r[0])
              + " faster than "
              + key
              + " (aim: at least "
              + atLeast
              + "x) "
              + verdict(r[0] >= atLeast));
    }

    private static String verdict(boolean met) {
      return met ? "met" : "MISSED";
    }

    private static String loadAverage() {
      try {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
      } catch (IOException | ArrayIndexOutOfBoundsException e) {
        return "unknown";
      }
    }
  }
}
