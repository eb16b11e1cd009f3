package io.netmodel.linux;

import io.netmodel.api.KernelException;
import io.netmodel.linux.sys.Syscalls;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway namespace made by {@code ip netns add nmc-<random>} that plays the host, and a
 * netns directory of its own under /tmp for the namespaces made on it. {@link #close()}
 * deletes the host namespace, unmounts the directory and removes it, even after a failure.
 * Skips without privilege (fails under {@code CI=true}).
 */
final class ThrowawayHost implements AutoCloseable {
  final String name;
  final Path file;
  final Path netnsDirectory;

  private ThrowawayHost(String name, Path netnsDirectory) {
    this.name = name;
    this.file = Path.of("/run/netns", name);
    this.netnsDirectory = netnsDirectory;
  }

  static ThrowawayHost create() {
    KernelPrivilege.requireNamespaceAdmin();
    KernelPrivilege.require(
        Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "ip"))),
        "needs `ip` (iproute2) on the PATH to make the throwaway host namespace");
    String id = UUID.randomUUID().toString().substring(0, 8);
    ThrowawayHost host = new ThrowawayHost("nmc-" + id, Path.of("/tmp", "nmc-netns-" + id));
    ip("netns", "add", host.name);
    return host;
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    try {
      ip("netns", "del", name);
    } catch (RuntimeException e) {
      failure = e;
    }
    if (Files.exists(netnsDirectory)) {
      try (Stream<Path> left = Files.list(netnsDirectory)) {
        for (Path p : (Iterable<Path>) left::iterator) {
          try {
            Syscalls.umount2(p, Syscalls.MNT_DETACH);
          } catch (KernelException e) {
            if (!e.is("EINVAL")) {
              failure = e;
            }
          }
          Files.delete(p);
        }
        try {
          Syscalls.umount2(netnsDirectory, Syscalls.MNT_DETACH);
        } catch (KernelException e) {
          if (!e.is("EINVAL")) {
            failure = e;
          }
        }
        Files.delete(netnsDirectory);
      } catch (IOException e) {
        failure = new UncheckedIOException(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void ip(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "ip";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
