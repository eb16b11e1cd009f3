package io.netmodel.bench;

import io.netmodel.api.Networking;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.api.network.IpamConfig;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Before the first size: netmodel attaches and removes sandboxes in a host namespace of its own
 * until the JVM's JIT compiler has stopped working on them, so that every size is timed in
 * compiled code with no compilation beside it on the machine's CPUs.
 *
 * <p>HotSpot compiles a method with its optimising compiler (C2) once it has been called about
 * 5000 times; code that runs once per attach gets there only after about as many attaches, and
 * the compilations of the attach's larger methods, each inlining much of the engine, take 0.1 to
 * 0.8 s of a CPU apiece. Measured here (rounds of 250 attaches and removals): the compiler
 * worked 0.1-1.5 s in every round up to the 4000th sandbox, then 50-500 ms in about a third of
 * the rounds until the 16 000th-20 000th, and rounds with compilation were 30-60 % slower than
 * quiet ones; with the benchmark's former 4000 warm-up sandboxes, the first size was timed in the
 * middle of it. A long-running orchestrator reaches that state once; the
 * rounds printed here show what it costs until then.
 *
 * <p>The compiler counts as quiet once it has worked at most {@value #QUIET_SHARE_PERCENT} % of
 * the wall time of each of {@value #QUIET_ROUNDS} rounds in a row. Where the JVM does not report
 * its compilation time, the warm-up runs to its maximum.
 */
final class JitWarmup {
  /** Rounds in a row in which the compiler must be quiet. */
  static final int QUIET_ROUNDS = 8;
  /** The most of a round's wall time the compiler may work in a quiet round, in percent. */
  static final int QUIET_SHARE_PERCENT = 1;

  private static final Optional<CompilationMXBean> COMPILER =
      Optional.ofNullable(ManagementFactory.getCompilationMXBean())
          .filter(CompilationMXBean::isCompilationTimeMonitoringSupported);

  /**
   * What the warm-up did.
   *
   * @param sandboxes bridge-mode sandboxes attached and removed (as many none-mode ones beside)
   * @param rounds rounds of at most {@link NetmodelWorkload#WARMUP_ROUND}
   * @param millis its wall time
   * @param quiet whether the compiler was quiet at the end (false: the maximum was reached)
   * @param firstRoundMillis the first round's wall time per bridge-mode sandbox (attached,
   *     removed, a none-mode one created and removed beside it), ms
   * @param lastRoundMillis the same of the last round, ms
   * @param firstCompileMillis the compiler's work in the first round, ms (-1: not reported)
   * @param lastCompileMillis the compiler's work in the last round, ms (-1: not reported)
   */
  record Result(
      int sandboxes,
      int rounds,
      long millis,
      boolean quiet,
      double firstRoundMillis,
      double lastRoundMillis,
      long firstCompileMillis,
      long lastCompileMillis) {}

  private JitWarmup() {}

  /** The JIT compiler's work so far in this JVM, ms; -1 if the JVM does not report it. */
  static long compileMillis() {
    return COMPILER.map(CompilationMXBean::getTotalCompilationTime).orElse(-1L);
  }

  /** The compiler's work since {@code before} (a {@link #compileMillis()}), ms; -1 if unknown. */
  static long since(long before) {
    long now = compileMillis();
    return before < 0 || now < 0 ? -1 : now - before;
  }

  /**
   * Whether a round of {@code roundNanos} in which the compiler worked {@code compiledMillis} (-1:
   * not reported) counts as quiet: at most {@value #QUIET_SHARE_PERCENT} % of it.
   */
  static boolean quiet(long compiledMillis, long roundNanos) {
    return compiledMillis >= 0
        && compiledMillis * 1_000_000 * 100 <= roundNanos * QUIET_SHARE_PERCENT;
  }

  /**
   * Runs the warm-up: at most {@code max} bridge-mode sandboxes, in rounds of at most {@link
   * NetmodelWorkload#WARMUP_ROUND}, stopping once the compiler is quiet; with {@code profile}
   * through the kernel port that times its calls, as the sizes then run.
   *
   * @throws IllegalArgumentException if {@code max} is not positive
   */
  static Result run(World world, int max, boolean profile) {
    if (max <= 0) {
      throw new IllegalArgumentException("the JIT warm-up needs at least one sandbox: " + max);
    }
    String hostName = "nm-jit";
    NamespaceHandle host = world.newHost(hostName);
    // The same code as the sizes run: with --profile, through the timing port.
    Networking net = NetmodelWorkload.open(world, hostName, profile, new StepTimes());
    try {
      net.createNetwork(
          BridgeNetworkSpec.builder(NetmodelWorkload.NETWORK)
              .ipv4(IpamConfig.of(IpPrefix.parse(NetmodelWorkload.SUBNET)))
              .build());
      int baseline = Commands.linkCount(host) + 1;
      long start = System.nanoTime();
      int done = 0;
      int rounds = 0;
      int quietRounds = 0;
      double firstRound = 0;
      double lastRound = 0;
      long firstCompile = -1;
      long lastCompile = -1;
      while (done < max && quietRounds < QUIET_ROUNDS) {
        int end = Math.min(max, done + NetmodelWorkload.WARMUP_ROUND);
        long compiling = compileMillis();
        long roundStart = System.nanoTime();
        NetmodelWorkload.warmUp(net, host, baseline, "j-", done, end);
        long roundNanos = System.nanoTime() - roundStart;
        long compiled = since(compiling);
        lastRound = roundNanos / 1e6 / (end - done);
        lastCompile = compiled;
        if (rounds == 0) {
          firstRound = lastRound;
          firstCompile = compiled;
        }
        quietRounds = quiet(compiled, roundNanos) ? quietRounds + 1 : 0;
        rounds++;
        done = end;
      }
      net.removeNetwork(NetmodelWorkload.NETWORK);
      Commands.awaitNamespacesAtRest();
      return new Result(
          done,
          rounds,
          (System.nanoTime() - start) / 1_000_000,
          quietRounds >= QUIET_ROUNDS,
          firstRound,
          lastRound,
          firstCompile,
          lastCompile);
    } finally {
      world.release(net);
      world.dropHost(host);
    }
  }
}
