package io.netmodel.bench.micro;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The JMH micro-benchmarks of the costs under an attach, run through JMH's Runner: a
 * namespace task round trip against a raw {@code setns} pair ({@link NamespaceRoundTrip}), a
 * netlink request and its acknowledgement ({@link NetlinkRoundTrip}), a dump of 1000 links
 * ({@link LinkDump}), and message encoding and decoding ({@link MessageCodec}).
 *
 * <pre>
 * mvn -B -q -pl netmodel-bench -am package -DskipTests
 * java -cp netmodel-bench/target/netmodel-bench.jar io.netmodel.bench.micro.Micro
 * </pre>
 *
 * <p>Prints JMH's report, then each benchmark's score and how the namespace task round trip
 * compares with its aim (within 10 µs of the raw pair). Runs as root; every benchmark on the
 * kernel makes and deletes its own throwaway namespace. Not thread-safe: one run per JVM.
 */
public final class Micro {
  /** The aim: a namespace task round trip within this many µs of the raw pair. */
  static final double ROUND_TRIP_AIM_MICROS = 10.0;

  private static final String PACKAGE = Micro.class.getPackageName();
  private static final String HANDLE_CALL = PACKAGE + ".NamespaceRoundTrip.handleCall";
  private static final String RAW_SETNS = PACKAGE + ".NamespaceRoundTrip.rawSetnsPair";
  private static final String HANDOFF = PACKAGE + ".NamespaceRoundTrip.plainThreadHandoff";
  private static final String AFTER_IDLE = PACKAGE + ".NamespaceRoundTrip.handleCallAfterIdle";

  private Micro() {}

  /** Runs the benchmarks and exits with the status of {@link #run}. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the benchmarks the options choose, printing JMH's report and a summary to {@code out}
   * and failures to {@code err}.
   *
   * @return 0 when every chosen benchmark ran, 1 when one failed or none matched, 2 for bad
   *     arguments
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    MicroOptions options;
    try {
      options = MicroOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("netmodel-micro: " + e.getMessage());
      err.println(MicroOptions.USAGE);
      return 2;
    }
    if (options.help()) {
      out.println(MicroOptions.USAGE);
      return 0;
    }
    OutputFormat format = OutputFormatFactory.createFormatInstance(out, VerboseMode.NORMAL);
    Runner runner = new Runner(jmhOptions(options), format);
    if (options.list()) {
      runner.list();
      return 0;
    }
    out.println(machine("netmodel micro-benchmarks, " + Instant.now()));
    Collection<RunResult> results;
    try {
      results = runner.run();
    } catch (RunnerException e) {
      err.println("netmodel-micro: failed: " + describe(e));
      return 1;
    }
    if (results.isEmpty()) {
      err.println("netmodel-micro: no benchmark matched " + options.includes());
      return 1;
    }
    out.println();
    out.println(machine("finished " + Instant.now()));
    summarize(results, out);
    return 0;
  }

  private static org.openjdk.jmh.runner.options.Options jmhOptions(MicroOptions options) {
    ChainedOptionsBuilder b =
        new OptionsBuilder()
            .warmupIterations(options.warmupIterations())
            .warmupTime(TimeValue.milliseconds(options.warmupTime().toMillis()))
            .measurementIterations(options.iterations())
            .measurementTime(TimeValue.milliseconds(options.time().toMillis()))
            .forks(options.forks())
            .threads(1)
            .shouldFailOnError(true);
    if (options.includes().isEmpty()) {
      b.include("^" + Pattern.quote(PACKAGE + ".") + ".*");
    } else {
      options.includes().forEach(b::include);
    }
    return b.build();
  }

  /** Each benchmark's score, and the namespace round trip against its aim when both ran. */
  static void summarize(Collection<RunResult> results, PrintStream out) {
    Map<String, Result<?>> scores = new LinkedHashMap<>();
    for (RunResult r : results) {
      scores.put(r.getParams().getBenchmark(), r.getPrimaryResult());
    }
    out.println("summary (average time per operation, ± 99.9% confidence half-width):");
    scores.forEach(
        (name, score) -> {
          // One measured iteration has no confidence interval: JMH gives NaN.
          String error =
              Double.isNaN(score.getScoreError())
                  ? " ".repeat(11)
                  : String.format(Locale.ROOT, " ± %9.3f", score.getScoreError());
          out.println(
              String.format(
                  Locale.ROOT,
                  "  %-40s %12.3f%s %s",
                  name.startsWith(PACKAGE + ".") ? name.substring(PACKAGE.length() + 1) : name,
                  score.getScore(),
                  error,
                  score.getScoreUnit()));
        });
    Result<?> call = scores.get(HANDLE_CALL);
    Result<?> raw = scores.get(RAW_SETNS);
    if (call == null || raw == null || !inMicros(call) || !inMicros(raw)) {
      return;
    }
    double over = call.getScore() - raw.getScore();
    out.println(
        String.format(
            Locale.ROOT,
            "namespace task round trip: handle.call %.3f us over the raw setns pair (aim: at most"
                + " %.0f) %s",
            over,
            ROUND_TRIP_AIM_MICROS,
            over <= ROUND_TRIP_AIM_MICROS ? "MET" : "MISSED"));
    Result<?> handoff = scores.get(HANDOFF);
    if (handoff != null && inMicros(handoff)) {
      out.println(
          String.format(
              Locale.ROOT,
              "  for scale, a plain thread hand-over and back (an executor, whose threads park"
                  + " at once): %.3f us; handle.call minus the raw pair minus it: %.3f us",
              handoff.getScore(),
              call.getScore() - raw.getScore() - handoff.getScore()));
    }
    Result<?> afterIdle = scores.get(AFTER_IDLE);
    if (afterIdle != null && inMicros(afterIdle)) {
      out.println(
          String.format(
              Locale.ROOT,
              "  the same call after %d us of the caller's own work (as in an attach): %.3f us,"
                  + " %.3f us over the raw setns pair",
              NamespaceRoundTrip.CallerAtWork.WORK_MICROS,
              afterIdle.getScore(),
              afterIdle.getScore() - raw.getScore()));
    }
  }

  private static boolean inMicros(Result<?> r) {
    return r.getScoreUnit().equals("us/op");
  }

  /** A line naming the machine and its load, which on a shared machine moves every figure. */
  static String machine(String what) {
    return what
        + ": kernel "
        + System.getProperty("os.version")
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " CPUs, Java "
        + System.getProperty("java.vm.version")
        + ", load average "
        + loadAverage();
  }

  private static String loadAverage() {
    try {
      String[] fields =
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String describe(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (b.length() > 0) {
        b.append(" <- ");
      }
      b.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        b.append(": ").append(t.getMessage());
      }
    }
    return b.toString();
  }
}
