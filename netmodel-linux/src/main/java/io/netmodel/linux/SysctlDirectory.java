package io.netmodel.linux;

import io.netmodel.api.KernelException;
import io.netmodel.linux.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * A namespace's {@code /proc/sys/net/ipv6} held open ({@code O_PATH}) after the thread that opened
 * it inside the namespace has left, so that its IPv6 sysctls can be read and written from any
 * thread: {@code /proc/self/fd/FD/conf/eth0/disable_ipv6} reaches the namespace's file without a
 * trip to a namespace thread.
 *
 * <p>Why this holds: procfs picks a network namespace's sysctl tables by the namespace of the task
 * that looks a name up only where the path crosses from the shared {@code /proc/sys/net} into
 * the namespace's own directories (the {@code ipv6} directory is that namespace's); below a
 * directory the lookup stays within its tables, whoever looks (Linux {@code
 * fs/proc/proc_sysctl.c}: the per-namespace set is chosen when following the link at that
 * crossing). The write itself acts on the table's own namespace. {@link #openHere} checks the
 * directory is not the home namespace's, and gives none otherwise, so a kernel that shared it
 * would make callers fall back to the trip instead of writing the wrong namespace.
 *
 * <p>Not thread-safe as to closing: the owner must not close it while another thread opens a file
 * through it (the descriptor's number could be reused).
 */
final class SysctlDirectory implements AutoCloseable {
  static final String PREFIX = "ipv6/";
  private static final Path IPV6 = Path.of("/proc/sys/net/ipv6");

  private final int fd;
  private final Path path;
  private boolean closed;

  private SysctlDirectory(int fd) {
    this.fd = fd;
    this.path = Path.of("/proc/self/fd/" + fd);
  }

  /**
   * The identity (device and inode) of {@code /proc/sys/net/ipv6} as the calling thread sees it;
   * empty if the kernel has no IPv6.
   */
  static Optional<Object> identityHere() {
    try {
      return Optional.ofNullable(
          Files.readAttributes(IPV6, BasicFileAttributes.class).fileKey());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("cannot stat " + IPV6, e);
    }
  }

  /**
   * Opens the calling thread's namespace's {@code /proc/sys/net/ipv6}; empty when the kernel has
   * no IPv6, or when the directory is the very one {@code home} identifies (so not bound to this
   * namespace).
   */
  static Optional<SysctlDirectory> openHere(Optional<Object> home) {
    if (home.isEmpty()) {
      return Optional.empty();
    }
    return open(IPV6, home.get());
  }

  /**
   * As {@link #openHere}, through a procfs instance of the port's own rather than {@code /proc}
   * (see {@link ProcInstances}): the same directory, found without comparing against every
   * namespace's.
   */
  static Optional<SysctlDirectory> openIn(ProcInstances.Instance instance) {
    return open(instance.ipv6(), instance.homeIdentity());
  }

  private static Optional<SysctlDirectory> open(Path ipv6, Object home) {
    int fd;
    try {
      fd = Syscalls.open(ipv6, Syscalls.O_PATH | Syscalls.O_DIRECTORY | Syscalls.O_CLOEXEC, 0);
    } catch (KernelException e) {
      if (e.is("ENOENT")) {
        return Optional.empty();
      }
      throw e;
    }
    SysctlDirectory directory = new SysctlDirectory(fd);
    try {
      Object identity =
          Files.readAttributes(directory.path, BasicFileAttributes.class).fileKey();
      if (identity == null || Objects.equals(identity, home)) {
        directory.close();
        return Optional.empty();
      }
      return Optional.of(directory);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw new IllegalStateException("cannot stat the namespace's " + IPV6, e);
    }
  }

  /**
   * The path of sysctl {@code key} (relative to {@code /proc/sys/net}, starting with {@link
   * #PREFIX}) through this descriptor, valid while it is open.
   */
  Path resolve(String key) {
    if (!key.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not an IPv6 sysctl: " + key);
    }
    return path.resolve(key.substring(PREFIX.length()));
  }

  /** Closes the descriptor; idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Syscalls.close(fd, IPV6 + " of a namespace");
    }
  }
}
