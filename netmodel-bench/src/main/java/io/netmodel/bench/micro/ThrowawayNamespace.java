package io.netmodel.bench.micro;

import io.netmodel.api.KernelException;
import io.netmodel.linux.netlink.Netlink;
import io.netmodel.linux.netlink.NetlinkClient;
import io.netmodel.linux.netlink.NetlinkSocket;
import io.netmodel.linux.ns.LinuxNamespaceHandle;
import io.netmodel.linux.ns.LinuxNamespaces;
import io.netmodel.linux.sys.Syscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A network namespace a benchmark makes for itself and deletes afterwards, so that the
 * machine's own interfaces are never touched: its file lives in a netns directory of its own
 * under a temporary directory ({@code /dev/shm/netmodel-micro-*}), with netmodel-linux's
 * namespace threads to enter it.
 *
 * <p>{@link #close} closes the netlink clients opened by {@link #openRouteClient}, the handle
 * and the namespace threads, deletes the namespace, unmounts the netns directory (which
 * netmodel-linux made a mount point, as {@code ip netns} does) and deletes the temporary
 * directory. It runs once: from the benchmark's tear-down, or from a shutdown hook should the
 * JVM be stopped first. Thread-safe.
 */
final class ThrowawayNamespace implements AutoCloseable {
  private static final String NAME = "micro";

  private final Path root;
  private final Path netnsDirectory;
  private final LinuxNamespaces namespaces;
  private final LinuxNamespaceHandle handle;
  private final List<NetlinkClient> clients = new ArrayList<>();
  private final Thread hook;
  private boolean closed;

  private ThrowawayNamespace(
      Path root, Path netnsDirectory, LinuxNamespaces namespaces, LinuxNamespaceHandle handle) {
    this.root = root;
    this.netnsDirectory = netnsDirectory;
    this.namespaces = namespaces;
    this.handle = handle;
    this.hook = new Thread(this::closeQuietly, "netmodel-micro-cleanup");
  }

  /**
   * Makes the temporary directory and an empty namespace in it ({@code lo} down), with the
   * calling thread's namespace as home.
   *
   * @throws KernelException if the kernel refuses (without root: {@link
   *     io.netmodel.api.PermissionDeniedException})
   * @throws UncheckedIOException if the temporary directory cannot be made
   */
  static ThrowawayNamespace create() {
    Path root;
    try {
      root = Files.createTempDirectory(temporaryParent(), "netmodel-micro-").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a temporary directory for a namespace", e);
    }
    Path netns = root.resolve("netns");
    LinuxNamespaces namespaces = null;
    try {
      namespaces = LinuxNamespaces.open(netns);
      ThrowawayNamespace made =
          new ThrowawayNamespace(root, netns, namespaces, namespaces.create(NAME));
      Runtime.getRuntime().addShutdownHook(made.hook);
      return made;
    } catch (RuntimeException e) {
      if (namespaces != null) {
        namespaces.close();
      }
      List<Exception> problems = new ArrayList<>();
      removeDirectory(root, netns, problems);
      problems.forEach(e::addSuppressed);
      throw e;
    }
  }

  /** The handle on the namespace; closed by {@link #close}. */
  LinuxNamespaceHandle handle() {
    return handle;
  }

  /** The namespace's file (a bind mount of its nsfs file). */
  Path file() {
    return namespaces.pathOf(NAME);
  }

  /**
   * A client on a {@code NETLINK_ROUTE} socket opened inside the namespace (on a thread that
   * entered it), as netmodel-linux's kernel port opens one per namespace; closed by {@link
   * #close}.
   *
   * @throws Exception what opening the socket threw
   */
  synchronized NetlinkClient openRouteClient() throws Exception {
    if (closed) {
      throw new IllegalStateException("the throwaway namespace is closed");
    }
    NetlinkClient client =
        handle.call(() -> new NetlinkClient(NetlinkSocket.open(Netlink.NETLINK_ROUTE)));
    clients.add(client);
    return client;
  }

  /**
   * Removes everything.
   *
   * @throws IllegalStateException if something could not be removed (each problem a cause or
   *     suppressed)
   */
  @Override
  public void close() {
    Optional<IllegalStateException> failure = closeQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook has run or runs now, and finds nothing to do.
    }
    if (failure.isPresent()) {
      throw failure.get();
    }
  }

  /** Removes everything, once; what went wrong, if anything. */
  private synchronized Optional<IllegalStateException> closeQuietly() {
    if (closed) {
      return Optional.empty();
    }
    closed = true;
    List<Exception> problems = new ArrayList<>();
    // The sockets and the handle hold the namespace alive: they go first.
    for (NetlinkClient client : clients) {
      attempt(client::close, problems);
    }
    clients.clear();
    attempt(handle::close, problems);
    attempt(() -> namespaces.deleteIfExists(NAME), problems);
    attempt(namespaces::close, problems);
    removeDirectory(root, netnsDirectory, problems);
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    IllegalStateException failure =
        new IllegalStateException(
            "could not remove the throwaway namespace under " + root + ": " + problems.get(0),
            problems.get(0));
    problems.subList(1, problems.size()).forEach(failure::addSuppressed);
    return Optional.of(failure);
  }

  private static void attempt(Runnable step, List<Exception> problems) {
    try {
      step.run();
    } catch (RuntimeException e) {
      problems.add(e);
    }
  }

  /** Unmounts the netns directory if it was made a mount point, and deletes the tree. */
  private static void removeDirectory(Path root, Path netns, List<Exception> problems) {
    try {
      Syscalls.umount2(netns, Syscalls.MNT_DETACH);
    } catch (KernelException e) {
      // EINVAL: not a mount point; ENOENT: never made.
      if (!e.is("EINVAL") && !e.is("ENOENT")) {
        problems.add(e);
        return; // never delete files under a mount still in place
      }
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | UncheckedIOException e) {
      problems.add(e);
    }
  }

  /** {@code /dev/shm} when it is there (memory, as {@code /run/netns} is), else java.io.tmpdir. */
  private static Path temporaryParent() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm
        : Path.of(System.getProperty("java.io.tmpdir"));
  }
}
