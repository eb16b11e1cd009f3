package io.netmodel.bench;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.linux.LinuxNetworking;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The benchmark's throwaway world, under one temporary directory: the namespaces that play
 * "the host" for each run (made by a scaffolding {@link Networking} on the JVM's own
 * namespace, which it only adds namespaces to), their netns directory, the state
 * directories, and the CNI plugin's IPAM directory.
 *
 * <p>The peers' {@code ip netns add} can only make namespaces under {@code /run/netns} (the
 * path is compiled into iproute2); theirs are named {@link #peerPrefix()} and a number, and
 * {@link #close} deletes any that a failed run left there.
 *
 * <p>{@link #close} removes everything, once: from the benchmark's end or from the shutdown
 * hook on Ctrl-C, whichever comes first. Thread-safe.
 */
final class World implements AutoCloseable {
  private static final Path RUN_NETNS = Path.of("/run/netns");
  private static final String UMOUNT =
      Files.isExecutable(Path.of("/usr/bin/umount")) ? "/usr/bin/umount" : "umount";

  private final Path root;
  private final Path netnsDirectory;
  private final String peerPrefix;
  private final Networking scaffolding;
  private final List<Networking> engines = new ArrayList<>();
  private final List<NamespaceHandle> handles = new ArrayList<>();
  private boolean closed;

  private World(Path root, Networking scaffolding) {
    this.root = root;
    this.netnsDirectory = root.resolve("netns");
    this.peerPrefix = "nmbench" + ProcessHandle.current().pid() + "-";
    this.scaffolding = scaffolding;
  }

  /**
   * Makes the temporary directory under {@code parent} and the scaffolding Networking.
   *
   * @throws BenchException if the directory cannot be made
   */
  static World open(Path parent) {
    Path root;
    try {
      Files.createDirectories(parent);
      root = Files.createTempDirectory(parent, "netmodel-bench-").toAbsolutePath();
    } catch (IOException e) {
      throw new BenchException("cannot make a temporary directory in " + parent + ": " + e, e);
    }
    try {
      Networking scaffolding =
          LinuxNetworking.builder()
              .stateDirectory(root.resolve("scaffolding"))
              .netnsDirectory(root.resolve("netns"))
              .build();
      return new World(root, scaffolding);
    } catch (RuntimeException e) {
      deleteTree(root, new ArrayList<>());
      throw e;
    }
  }

  Path root() {
    return root;
  }

  Path netnsDirectory() {
    return netnsDirectory;
  }

  /** A state directory of its own for a run. */
  Path stateDirectory(String name) {
    return root.resolve("state").resolve(name);
  }

  /** The start of the names of the peers' namespaces under {@code /run/netns}. */
  String peerPrefix() {
    return peerPrefix;
  }

  /** A fresh empty namespace ({@code lo} up) to play the host, and a handle on it. */
  synchronized NamespaceHandle newHost(String name) {
    checkOpen();
    scaffolding.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName(name));
    NamespaceHandle handle = scaffolding.openNamespace(name);
    handles.add(handle);
    return handle;
  }

  /** The file of a host namespace made by {@link #newHost}. */
  Path hostFile(String name) {
    return netnsDirectory.resolve(name);
  }

  /** Closes the handle and deletes the host namespace made by {@link #newHost}. */
  synchronized void dropHost(NamespaceHandle host) {
    host.close();
    handles.remove(host);
    scaffolding.removeSandbox(host.name().orElseThrow());
  }

  /** A Networking that {@link #close} cleans up after, should its run fail. */
  synchronized <T extends Networking> T adopt(T networking) {
    engines.add(networking);
    return networking;
  }

  /** Removes the sandboxes of a Networking given to {@link #adopt}, and closes it. */
  synchronized void release(Networking networking) {
    engines.remove(networking);
    removeAll(networking, new ArrayList<>());
  }

  /** Removes everything; the problems met on the way, if any, as one message each. */
  synchronized List<String> closeQuietly() {
    List<String> problems = new ArrayList<>();
    if (closed) {
      return problems;
    }
    closed = true;
    for (Networking engine : List.copyOf(engines)) {
      removeAll(engine, problems);
    }
    engines.clear();
    handles.forEach(NamespaceHandle::close);
    handles.clear();
    removeAll(scaffolding, problems);
    removePeerNamespaces(problems);
    unmount(problems);
    deleteTree(root, problems);
    return problems;
  }

  @Override
  public void close() {
    List<String> problems = closeQuietly();
    if (!problems.isEmpty()) {
      throw new BenchException(
          "could not remove everything: " + String.join("; ", problems) + " (finish with: "
              + UMOUNT + " -R " + netnsDirectory + " && rm -rf " + root + ")");
    }
  }

  private static void removeAll(Networking networking, List<String> problems) {
    try {
      for (Sandbox sandbox : networking.sandboxes()) {
        networking.removeSandbox(sandbox.name());
      }
    } catch (RuntimeException e) {
      problems.add("removing sandboxes: " + e.getMessage());
    } finally {
      networking.close();
    }
  }

  private void removePeerNamespaces(List<String> problems) {
    if (!Files.isDirectory(RUN_NETNS)) {
      return;
    }
    List<String> left = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(RUN_NETNS, peerPrefix + "*")) {
      files.forEach(f -> left.add(f.getFileName().toString()));
    } catch (IOException e) {
      problems.add("cannot list " + RUN_NETNS + ": " + e.getMessage());
      return;
    }
    for (String name : left) {
      if (!run(List.of("ip", "netns", "del", name), problems)) {
        return;
      }
    }
  }

  /** The netns directory was made a mount point (as {@code ip netns} does): undo that. */
  private void unmount(List<String> problems) {
    if (isMountPoint(netnsDirectory)) {
      run(List.of(UMOUNT, "-R", netnsDirectory.toString()), problems);
    }
  }

  private static boolean isMountPoint(Path dir) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] fields = line.split(" ");
        if (fields.length > 4 && fields[4].equals(dir.toString())) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean run(List<String> argv, List<String> problems) {
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        problems.add(String.join(" ", argv) + ": " + said.strip());
        return false;
      }
      return true;
    } catch (IOException e) {
      problems.add("cannot run " + argv.get(0) + ": " + e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("interrupted while running " + String.join(" ", argv));
      return false;
    }
  }

  private static void deleteTree(Path root, List<String> problems) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | UncheckedIOException e) {
      problems.add("cannot delete " + root + ": " + e.getMessage());
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new BenchException("the benchmark was stopped");
    }
  }
}
