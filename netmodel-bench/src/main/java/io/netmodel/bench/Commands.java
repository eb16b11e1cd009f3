package io.netmodel.bench;

import io.netmodel.api.namespace.NamespaceHandle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs the peers' programs, each as its own process born in a given namespace (started from a
 * library thread that entered it, so no {@code nsenter} or {@code ip netns exec} process is
 * added to what is measured). Output and errors are read together; a non-zero exit is a
 * {@link BenchException} quoting the command and what it said.
 */
final class Commands {
  private Commands() {}

  /** Whether {@code program} is an executable file, or found on the PATH. */
  static boolean installed(String program) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program));
    }
    String path =
        Optional.ofNullable(System.getenv("PATH")).orElse("/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code argv} in {@code ns} and returns what it printed. */
  static String run(NamespaceHandle ns, List<String> argv) {
    return run(ns, argv, Optional.empty(), Map.of());
  }

  /**
   * Runs {@code argv} in {@code ns} with {@code stdin} as its input and {@code env} added to
   * this process's environment; returns what it printed.
   */
  static String run(
      NamespaceHandle ns, List<String> argv, Optional<String> stdin, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().putAll(env);
    try {
      Process process = ns.start(builder);
      try (OutputStream in = process.getOutputStream()) {
        if (stdin.isPresent()) {
          in.write(stdin.get().getBytes(StandardCharsets.UTF_8));
        }
      }
      String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      if (exit != 0) {
        throw new BenchException(
            String.join(" ", argv) + " exited with " + exit + ": " + said.strip());
      }
      return said;
    } catch (IOException e) {
      throw new BenchException("cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while running " + String.join(" ", argv), e);
    }
  }

  /**
   * How many links namespace {@code ns} has: the lines of {@code /proc/thread-self/net/dev}
   * read on a thread inside it, less the two heading lines.
   */
  static int linkCount(NamespaceHandle ns) {
    try {
      return ns.call(() -> Files.readAllLines(Path.of("/proc/thread-self/net/dev")).size() - 2);
    } catch (Exception e) {
      throw new BenchException("cannot count the links of " + ns.name().orElse("a namespace"), e);
    }
  }

  /**
   * Waits until {@code ns} has at most {@code links} links (the veths of deleted namespaces
   * are destroyed by the kernel in the background), for up to a minute.
   *
   * @return how long it took, in milliseconds
   */
  static long awaitLinks(NamespaceHandle ns, int links) {
    long start = System.nanoTime();
    long deadline = start + 60_000_000_000L;
    while (linkCount(ns) > links) {
      if (System.nanoTime() > deadline) {
        throw new BenchException(
            "the host namespace still has more than " + links + " links after a minute");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted while waiting for links to go", e);
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * How many network namespaces the kernel holds, live or not yet destroyed: the active objects
   * of the {@code net_namespace} slab cache ({@code /proc/slabinfo}, root only); empty where it
   * cannot be read.
   */
  static OptionalInt kernelNamespaces() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/slabinfo"))) {
        if (line.startsWith("net_namespace ")) {
          return OptionalInt.of(Integer.parseInt(line.trim().split("\\s+")[1]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not readable here (no root, or a kernel without slabinfo): nothing to wait for.
    }
    return OptionalInt.empty();
  }

  /**
   * Waits until the kernel has stopped destroying network namespaces (it destroys deleted ones
   * in the background, taking the RTNL lock that attaches need): until the count of {@link
   * #kernelNamespaces} has not gone down for 300 ms, for up to a minute; at once if it cannot be
   * read. A count, not a target: slab counts include freed objects still cached per CPU.
   *
   * @return how long it took, in milliseconds
   */
  static long awaitNamespacesAtRest() {
    long start = System.nanoTime();
    long deadline = start + 60_000_000_000L;
    OptionalInt last = kernelNamespaces();
    int steady = 0;
    while (last.isPresent() && steady < 6 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted while waiting for namespaces to go", e);
      }
      OptionalInt now = kernelNamespaces();
      steady = now.isPresent() && now.getAsInt() >= last.getAsInt() ? steady + 1 : 0;
      last = now;
    }
    return (System.nanoTime() - start) / 1_000_000;
  }
}
