package io.netmodel.bench;

import io.netmodel.api.namespace.NamespaceHandle;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The floor of an attach: {@code floor.c}, a small C program doing netmodel's bridge-mode
 * attach and removal with raw syscalls and the fewest rtnetlink messages, so that netmodel's
 * overhead over what the kernel itself costs is a ratio measured in the same run.
 *
 * <p>The C source is read from the repository, not packed into the jar: {@code
 * netmodel-bench/src/main/c/floor.c}, found beside the module's {@code target} directory that
 * holds these classes or the shaded jar, else under the working directory. It is compiled
 * with {@code cc -O2} into the benchmark's throwaway directory once per run; without a C
 * compiler and the C library's headers (Debian: {@code gcc}, {@code libc6-dev}) the floor is
 * skipped with the reason.
 *
 * <p>The program runs inside a throwaway host namespace and in a mount namespace of its own
 * (its namespace files' mounts die with it); it prints one line per timed sandbox, which
 * {@link #parse} reads. Not thread-safe.
 */
final class Floor {
  /** The floor's subnet: {@code 10.97.0.0/16}, gateway {@code .0.1} on the bridge. */
  static final String SUBNET_START = "10.97";

  static final Path SOURCE_IN_MODULE = Path.of("src", "main", "c", "floor.c");
  private static final String MODULE = "netmodel-bench";
  private static final String COMPILER = "cc";

  private final Path binary;
  private final long compileMillis;

  private Floor(Path binary, long compileMillis) {
    this.binary = binary;
    this.compileMillis = compileMillis;
  }

  /** What one run of the floor measured at one size. */
  record Result(
      int size, Timing attach, Timing detach, List<StepTimes.Step> steps, long vethsGoneMillis) {
    Result {
      steps = List.copyOf(steps);
    }
  }

  /** Why the floor cannot be built here (no C compiler, no source), if it cannot. */
  static Optional<String> missing() {
    if (!Commands.installed(COMPILER)) {
      return Optional.of(
          "no C compiler (" + COMPILER + ") on the PATH to build floor.c"
              + " (Debian: apt-get install gcc libc6-dev)");
    }
    if (source().isEmpty()) {
      return Optional.of("floor.c not found at any of " + candidates());
    }
    return Optional.empty();
  }

  /**
   * Compiles floor.c with {@code cc -O2} into {@code directory}.
   *
   * @throws BenchException quoting the compiler's output if it fails
   */
  static Floor compile(Path directory) {
    Path source =
        source()
            .orElseThrow(() -> new BenchException("floor.c not found at any of " + candidates()));
    Path binary = directory.resolve("floor");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new BenchException("cannot make " + directory + ": " + e.getMessage(), e);
    }
    List<String> argv = List.of(COMPILER, "-O2", "-o", binary.toString(), source.toString());
    long start = System.nanoTime();
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      if (exit != 0) {
        throw new BenchException(
            String.join(" ", argv) + " exited with " + exit + ": " + said.strip());
      }
    } catch (IOException e) {
      throw new BenchException("cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while compiling floor.c", e);
    }
    return new Floor(binary, (System.nanoTime() - start) / 1_000_000);
  }

  long compileMillis() {
    return compileMillis;
  }

  /**
   * Runs the floor in {@code host}: its bridge, {@code warmup} sandboxes attached and
   * detached untimed, then {@code size} attached and detached, timed. Its namespace files go
   * in {@code directory}, which is made and, once the program has ended, removed.
   *
   * @throws BenchException if the program fails (its message quoted) or prints what {@link
   *     #parse} does not understand
   */
  Result run(NamespaceHandle host, int size, int warmup, Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new BenchException("cannot make " + directory + ": " + e.getMessage(), e);
    }
    String output =
        Commands.run(
            host,
            List.of(
                binary.toString(),
                "-d",
                directory.toString(),
                "-n",
                String.valueOf(size),
                "-w",
                String.valueOf(warmup),
                "-s",
                SUBNET_START));
    try {
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      throw new BenchException("cannot remove " + directory + ": " + e.getMessage(), e);
    }
    try {
      return parse(size, output);
    } catch (IllegalArgumentException e) {
      throw new BenchException(
          "floor printed what this program does not read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the floor's output for {@code size} sandboxes: the {@code floor n=N ...} heading,
   * {@code attach I NANOS} and {@code detach I NANOS} for I = 0..N-1 in order, {@code wall
   * attach|detach NANOS}, {@code step KEY CALLS NANOS WHAT} and {@code gone MILLIS}.
   *
   * @throws IllegalArgumentException quoting the first line that breaks a rule, and the rule
   */
  static Result parse(int size, String output) {
    List<Long> attach = new ArrayList<>();
    List<Long> detach = new ArrayList<>();
    OptionalLong attachWall = OptionalLong.empty();
    OptionalLong detachWall = OptionalLong.empty();
    OptionalLong gone = OptionalLong.empty();
    List<StepTimes.Step> steps = new ArrayList<>();
    Set<String> stepKeys = new LinkedHashSet<>();
    boolean headed = false;
    for (String line : output.split("\n", -1)) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.strip().split(" +");
      if (!headed) {
        if (!f[0].equals("floor") || f.length < 2 || !f[1].equals("n=" + size)) {
          throw new IllegalArgumentException(
              "the first line must be \"floor n=" + size + " ...\": " + line);
        }
        headed = true;
        continue;
      }
      switch (f[0]) {
        case "attach" -> sample(attach, f, line);
        case "detach" -> sample(detach, f, line);
        case "wall" -> {
          expect(f.length == 3, "wall attach or detach NANOS", line);
          long nanos = count(f[2], line);
          switch (f[1]) {
            case "attach" -> attachWall = OptionalLong.of(nanos);
            case "detach" -> detachWall = OptionalLong.of(nanos);
            default -> expect(false, "wall attach or detach NANOS", line);
          }
        }
        case "step" -> {
          expect(f.length >= 5, "step KEY CALLS NANOS WHAT", line);
          expect(stepKeys.add(f[1]), "each step once", line);
          String what = line.strip().split(" +", 5)[4];
          steps.add(new StepTimes.Step(what, count(f[2], line), count(f[3], line)));
        }
        case "gone" -> {
          expect(f.length == 2, "gone MILLIS", line);
          gone = OptionalLong.of(count(f[1], line));
        }
        default -> expect(false, "a line starts with attach, detach, wall, step or gone", line);
      }
    }
    if (!headed) {
      throw new IllegalArgumentException("no output: the floor printed nothing");
    }
    if (attach.size() != size || detach.size() != size) {
      throw new IllegalArgumentException(
          "one attach and one detach line per sandbox: " + attach.size() + " attach and "
              + detach.size() + " detach lines for N = " + size);
    }
    if (attachWall.isEmpty() || detachWall.isEmpty() || gone.isEmpty()) {
      throw new IllegalArgumentException(
          "the output must end with wall attach, wall detach and gone lines: "
              + ((attachWall.isEmpty() ? "no wall attach " : "")
                      + (detachWall.isEmpty() ? "no wall detach " : "")
                      + (gone.isEmpty() ? "no gone" : ""))
                  .strip());
    }
    return new Result(
        size,
        Timing.of(attach, attachWall.getAsLong()),
        Timing.of(detach, detachWall.getAsLong()),
        steps,
        gone.getAsLong());
  }

  private static void sample(List<Long> samples, String[] f, String line) {
    expect(f.length == 3, f[0] + " I NANOS", line);
    expect(
        f[1].equals(String.valueOf(samples.size())),
        f[0] + " lines numbered from 0 in order",
        line);
    samples.add(count(f[2], line));
  }

  private static long count(String text, String line) {
    try {
      long value = Long.parseLong(text);
      expect(value >= 0, "counts and times are not negative", line);
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number (" + text + "): " + line, e);
    }
  }

  private static void expect(boolean condition, String rule, String line) {
    if (!condition) {
      throw new IllegalArgumentException("expected " + rule + ": " + line);
    }
  }

  /** floor.c, from the first of {@link #candidates} that exists. */
  static Optional<Path> source() {
    return candidates().stream().filter(Files::isRegularFile).findFirst();
  }

  /**
   * Where floor.c may be: beside the module's {@code target} directory holding these classes
   * ({@code target/classes}) or the jar ({@code target/netmodel-bench.jar}); under the
   * working directory, as the repository root or as the module.
   */
  static List<Path> candidates() {
    Set<Path> paths = new LinkedHashSet<>();
    codeLocation()
        .map(Path::getParent) // target
        .map(Path::getParent) // the module
        .ifPresent(module -> paths.add(module.resolve(SOURCE_IN_MODULE)));
    Path cwd = Path.of("").toAbsolutePath();
    paths.add(cwd.resolve(MODULE).resolve(SOURCE_IN_MODULE));
    paths.add(cwd.resolve(SOURCE_IN_MODULE));
    return List.copyOf(paths);
  }

  private static Optional<Path> codeLocation() {
    CodeSource code = Floor.class.getProtectionDomain().getCodeSource();
    if (code == null || code.getLocation() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(code.getLocation().toURI()).toAbsolutePath());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
