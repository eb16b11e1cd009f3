package io.netmodel.bench.micro;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The command line of {@link Micro}: {@code --warmup-iterations 3 --warmup-time 1s
 * --iterations 5 --time 1s --forks 1 --include REGEX --list}.
 *
 * @param warmupIterations warm-up iterations per fork, not counted
 * @param warmupTime the length of each warm-up iteration
 * @param iterations measured iterations per fork
 * @param time the length of each measured iteration
 * @param forks fresh JVMs per benchmark; 0 runs in this JVM (for tests, not for figures)
 * @param includes regular expressions, each found in the benchmarks' full names ({@code
 *     io.netmodel.bench.micro.NamespaceRoundTrip.handleCall}); empty for every benchmark
 * @param list whether only the benchmarks' names are asked for
 * @param help whether only the usage is asked for
 */
record MicroOptions(
    int warmupIterations,
    Duration warmupTime,
    int iterations,
    Duration time,
    int forks,
    List<String> includes,
    boolean list,
    boolean help) {
  static final int MAX_ITERATIONS = 1000;
  static final int MAX_FORKS = 100;
  static final Duration MIN_TIME = Duration.ofMillis(1);
  static final Duration MAX_TIME = Duration.ofMinutes(10);

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -cp netmodel-bench.jar io.netmodel.bench.micro.Micro"
              + " [--warmup-iterations 3] [--warmup-time 1s]",
          "           [--iterations 5] [--time 1s] [--forks 1] [--include REGEX]... [--list]",
          "  --warmup-iterations  warm-up iterations per fork, not counted (0.." + MAX_ITERATIONS
              + ", default 3)",
          "  --warmup-time        length of each warm-up iteration, as 1s or 100ms (default 1s)",
          "  --iterations         measured iterations per fork (1.." + MAX_ITERATIONS
              + ", default 5)",
          "  --time               length of each measured iteration (default 1s)",
          "  --forks              fresh JVMs per benchmark (0.." + MAX_FORKS
              + ", default 1; 0 runs in this JVM)",
          "  --include            run only the benchmarks whose full name contains a match"
              + " (repeatable; default all)",
          "  --list               print the benchmarks' names and stop",
          "Runs as root: each benchmark on the kernel makes and deletes its own throwaway"
              + " namespace, never touches the machine's interfaces.");

  MicroOptions {
    checkRange("--warmup-iterations", warmupIterations, 0, MAX_ITERATIONS);
    checkRange("--iterations", iterations, 1, MAX_ITERATIONS);
    checkRange("--forks", forks, 0, MAX_FORKS);
    checkTime("--warmup-time", warmupTime);
    checkTime("--time", time);
    includes = List.copyOf(includes);
    for (String include : includes) {
      try {
        Pattern.compile(include);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "--include must be a regular expression (" + e.getDescription() + "): " + include, e);
      }
    }
  }

  /** 3 warm-up iterations of 1 s, 5 measured iterations of 1 s, 1 fork, every benchmark. */
  static MicroOptions defaults() {
    return new MicroOptions(
        3, Duration.ofSeconds(1), 5, Duration.ofSeconds(1), 1, List.of(), false, false);
  }

  /**
   * Reads the command line.
   *
   * @throws IllegalArgumentException quoting the bad argument and the rule it breaks
   */
  static MicroOptions parse(String... args) {
    MicroOptions o = defaults();
    int warmupIterations = o.warmupIterations();
    Duration warmupTime = o.warmupTime();
    int iterations = o.iterations();
    Duration time = o.time();
    int forks = o.forks();
    List<String> includes = new ArrayList<>();
    boolean list = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--warmup-iterations" -> warmupIterations = number(arg, value(args, ++i, arg));
        case "--warmup-time" -> warmupTime = duration(arg, value(args, ++i, arg));
        case "--iterations" -> iterations = number(arg, value(args, ++i, arg));
        case "--time" -> time = duration(arg, value(args, ++i, arg));
        case "--forks" -> forks = number(arg, value(args, ++i, arg));
        case "--include" -> includes.add(value(args, ++i, arg));
        case "--list" -> list = true;
        case "--help", "-h" -> help = true;
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    return new MicroOptions(
        warmupIterations, warmupTime, iterations, time, forks, includes, list, help);
  }

  /** {@code 250ms} or {@code 2s}. */
  static Duration duration(String option, String text) {
    try {
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      }
      if (text.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " must be a whole number of ms or s, as 100ms or 1s: " + text, e);
    }
    throw new IllegalArgumentException(
        option + " must be a whole number of ms or s, as 100ms or 1s: " + text);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int number(String option, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number: " + text, e);
    }
  }

  private static void checkRange(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          option + " out of range " + min + ".." + max + ": " + value);
    }
  }

  private static void checkTime(String option, Duration time) {
    Objects.requireNonNull(time, option);
    if (time.compareTo(MIN_TIME) < 0 || time.compareTo(MAX_TIME) > 0) {
      throw new IllegalArgumentException(
          option + " out of range 1ms..600s: " + time.toMillis() + "ms");
    }
  }
}
