package io.netmodel.linux.ns;

import io.netmodel.api.ConflictException;
import io.netmodel.api.KernelException;
import io.netmodel.api.NotFoundException;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.linux.sys.Syscalls;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Network namespaces of the real kernel: create, open, list and delete them, and the threads that
 * enter them. The front door of this package.
 *
 * <pre>{@code
 * try (LinuxNamespaces namespaces = LinuxNamespaces.open(Path.of("/run/netns"));
 *     LinuxNamespaceHandle web = namespaces.create("web")) {   // ip netns add web
 *   int port = web.call(() -> new ServerSocket(0).getLocalPort());
 *   namespaces.delete("web");                                   // ip netns delete web
 * }
 * }</pre>
 *
 * <p>Named namespaces are files in a directory (by default {@code /run/netns}, where {@code ip
 * netns} sees them) on which the namespace is bind-mounted; they outlive this object and the JVM
 * until deleted. Namespaces can also be opened by path (any nsfs file, such as one {@code ip netns
 * add} made or {@code /proc/PID/ns/net}), by process id, and the home namespace.
 *
 * <p>The <b>home</b> namespace is the network namespace of the thread that called {@link
 * #open(Path)}; the library's namespace threads are born there and return there after every task
 * (see {@link LinuxNamespaceHandle}). Needs {@code CAP_SYS_ADMIN} (setns, mount): run as root or
 * inside a user namespace that owns a mount namespace.
 *
 * <p>Thread-safe. {@link #close()} stops the threads; handles already opened stay valid as
 * descriptors (for {@code IFLA_NET_NS_FD}) but can no longer run tasks.
 */
public final class LinuxNamespaces implements AutoCloseable {
  /** Where {@code ip netns} keeps named namespaces. */
  public static final Path DEFAULT_DIRECTORY = Path.of("/run/netns");

  private final NamespaceThreads threads;
  private final NetnsDirectory directory;

  private LinuxNamespaces(NamespaceThreads threads, Path directory) {
    this.threads = threads;
    this.directory = new NetnsDirectory(directory, threads);
  }

  /** Namespaces named in {@link #DEFAULT_DIRECTORY}. */
  public static LinuxNamespaces open() {
    return open(DEFAULT_DIRECTORY);
  }

  /**
   * Namespaces named in {@code directory} (made on first {@link #create}); the calling thread's
   * network namespace is home.
   *
   * @throws IllegalArgumentException if {@code directory} is not absolute
   * @throws KernelException if the home namespace cannot be opened
   */
  public static LinuxNamespaces open(Path directory) {
    if (!directory.isAbsolute()) {
      throw new IllegalArgumentException("netns directory must be absolute: " + directory);
    }
    NamespaceThreads threads = NamespaceThreads.start();
    return new LinuxNamespaces(threads, directory);
  }

  /** The directory of named namespaces. */
  public Path directory() {
    return directory.path();
  }

  /** The id of the home namespace. */
  public NamespaceId homeId() {
    return threads.homeId();
  }

  /** The file of namespace {@code name}, whether or not it exists. */
  public Path pathOf(String name) {
    return directory.fileOf(name);
  }

  /**
   * Creates a new, empty network namespace (only {@code lo}, down) named {@code name}, as {@code ip
   * netns add} does, and returns a handle on it. On failure nothing is left behind.
   *
   * @throws IllegalArgumentException if the name is empty, {@code .}, {@code ..}, contains {@code
   *     /} or is longer than 255 bytes
   * @throws ConflictException if a namespace of that name exists
   * @throws KernelException if the kernel refuses ({@link
   *     io.netmodel.api.PermissionDeniedException} without CAP_SYS_ADMIN)
   */
  public LinuxNamespaceHandle create(String name) {
    return directory.create(name);
  }

  /**
   * Gets ready for a {@link #create} the calling thread is about to make: wakes the idle
   * namespace thread that will run it, which then spins for it a little instead of being woken
   * when it comes (a wake-up takes tens of microseconds on a virtual machine, and this way it
   * overlaps the caller's own work). Without a {@code create} soon after, the thread parks again.
   */
  public void expectCreate() {
    threads.prime();
  }

  /**
   * As {@link #create(String)}, and runs {@code setup} inside the new namespace in the same task,
   * on the namespace thread that made it, before that thread returns home: for what must be opened
   * inside every new namespace (a netlink socket) without a second trip to a namespace thread.
   *
   * <pre>{@code
   * Created<NetlinkSocket> web =
   *     namespaces.create(
   *         "web", () -> NetlinkSocket.open(Netlink.NETLINK_ROUTE), NetlinkSocket::close);
   * }</pre>
   *
   * <p>{@code setup} must return a value, not null. If it throws, the namespace is removed and that
   * exception is thrown (a checked one wrapped in {@link IllegalStateException}). If a later step
   * fails, {@code discard} is given what {@code setup} returned, then the namespace is removed. On
   * success the caller owns both the handle and the value.
   *
   * @throws IllegalArgumentException if the name is not valid, as for {@link #create(String)}
   * @throws ConflictException if a namespace of that name exists
   * @throws KernelException if the kernel refuses
   */
  public <T> Created<T> create(
      String name, Callable<? extends T> setup, Consumer<? super T> discard) {
    Objects.requireNonNull(setup, "setup");
    Objects.requireNonNull(discard, "discard");
    return directory.create(name, setup, discard);
  }

  /**
   * A namespace made by {@link #create(String, Callable, Consumer)} and what its setup returned
   * inside it.
   *
   * @param handle the new namespace
   * @param value what the setup returned
   */
  public record Created<T>(LinuxNamespaceHandle handle, T value) {
    /** Checks both are there. */
    public Created {
      Objects.requireNonNull(handle, "handle");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Opens the named namespace.
   *
   * @throws NotFoundException if there is no namespace of that name (no file, or a file on which no
   *     namespace is mounted)
   */
  public LinuxNamespaceHandle open(String name) {
    Path file = directory.fileOf(name);
    try {
      return openFile(threads, file, name);
    } catch (NotFoundException | IllegalArgumentException e) {
      throw new NotFoundException("network namespace", name);
    }
  }

  /**
   * Opens the namespace of an nsfs file: a bind-mounted namespace file or a {@code
   * /proc/PID/ns/net} link.
   *
   * @throws NotFoundException if the file does not exist
   * @throws IllegalArgumentException if the file is not a network namespace
   */
  public LinuxNamespaceHandle openPath(Path file) {
    return openFile(threads, file, null);
  }

  /**
   * Opens the network namespace of process {@code pid} ({@code /proc/PID/ns/net}).
   *
   * @throws IllegalArgumentException if {@code pid} is not positive
   * @throws NotFoundException if there is no such process
   */
  public LinuxNamespaceHandle openPid(long pid) {
    if (pid <= 0) {
      throw new IllegalArgumentException("process id must be positive: " + pid);
    }
    Path file = Path.of("/proc/" + pid + "/ns/net");
    try {
      return openFile(threads, file, null);
    } catch (NotFoundException e) {
      throw new NotFoundException("process", Long.toString(pid));
    }
  }

  /** Opens the home namespace (the host's, unless this JVM was started elsewhere). */
  public LinuxNamespaceHandle openHome() {
    int fd = threads.openHome();
    return new LinuxNamespaceHandle(
        threads, fd, threads.homeId(), Optional.empty(), Optional.empty());
  }

  /**
   * Unmounts and removes the named namespace, as {@code ip netns delete} does. The namespace itself
   * lives on while a process, thread, socket or open handle still uses it.
   *
   * @throws NotFoundException if there is no such namespace file
   */
  public void delete(String name) {
    directory.delete(name);
  }

  /** As {@link #delete}, but a missing namespace is not an error; false if there was none. */
  public boolean deleteIfExists(String name) {
    return directory.deleteIfExists(name);
  }

  /** Whether a file for namespace {@code name} exists. */
  public boolean exists(String name) {
    return directory.exists(name);
  }

  /** The names in the directory, sorted; empty if it does not exist yet. */
  public List<String> list() {
    return directory.list();
  }

  /**
   * The descriptor of a handle this class made, for {@code IFLA_NET_NS_FD} (a {@code
   * NamespaceFds}).
   *
   * @throws IllegalArgumentException if {@code handle} is not a {@link LinuxNamespaceHandle}
   * @throws IllegalStateException if it is closed
   */
  public static int fdOf(NamespaceHandle handle) {
    if (!(handle instanceof LinuxNamespaceHandle)) {
      throw new IllegalArgumentException(
          "not a namespace handle of the Linux kernel port: " + handle);
    }
    return ((LinuxNamespaceHandle) handle).fd();
  }

  /**
   * The network namespace of the calling thread, read from {@code /proc/thread-self/ns/net} (for a
   * virtual thread: its carrier's).
   */
  public static NamespaceId currentThreadNamespace() {
    return NamespaceFiles.currentThread();
  }

  /** Stops the namespace threads; idempotent. Namespaces and handles are not touched. */
  @Override
  public void close() {
    threads.close();
  }

  /** Opens {@code file} and checks it is a network namespace. */
  static LinuxNamespaceHandle openFile(NamespaceThreads threads, Path file, String name) {
    int fd;
    try {
      fd = Syscalls.open(file, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
    } catch (KernelException e) {
      if (e.is("ENOENT")) {
        throw new NotFoundException("namespace file", file.toString());
      }
      throw e;
    }
    try {
      int type;
      try {
        type = Syscalls.ioctl(fd, Syscalls.NS_GET_NSTYPE, file.toString());
      } catch (KernelException e) {
        if (e.is("ENOTTY") || e.is("EINVAL")) {
          type = 0; // not an nsfs file
        } else {
          throw e;
        }
      }
      if (type != Syscalls.CLONE_NEWNET) {
        throw new IllegalArgumentException("not a network namespace file: " + file);
      }
      NamespaceId id = NamespaceFiles.idOfDescriptor(fd);
      return new LinuxNamespaceHandle(
          threads, fd, id, Optional.ofNullable(name), Optional.of(file));
    } catch (RuntimeException e) {
      try {
        Syscalls.close(fd, file.toString());
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
