package io.netmodel.linux;

import io.netmodel.api.KernelException;
import io.netmodel.linux.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instances of procfs of the port's own, mounted nowhere, through which the namespaces it works in
 * have their {@code /proc/sys/net/ipv6} opened ({@link SysctlDirectory#openIn}), each instance for
 * {@link #SHARE} namespaces.
 *
 * <p>Why: the kernel keeps one cached directory entry per network namespace for the crossing from
 * the shared {@code /proc/sys} into a namespace's own tables, all under one name and parent, so
 * the first lookup there from a namespace compares against every namespace's entry (Linux {@code
 * fs/proc/proc_sysctl.c}: {@code proc_sys_compare}, which takes a global lock per entry). On the
 * benchmark's VM that first open grew from ~20 µs to ~400 µs with 1000 namespaces alive. A
 * procfs instance of its own ({@code fsopen}/{@code fsmount}, Linux 5.2) has its own entries, so
 * a lookup through it compares against the few namespaces it served: ~15 µs, the same at any
 * count, including a new instance's cost every {@link #SHARE} namespaces.
 *
 * <p>Where procfs cannot be mounted (no {@code CAP_SYS_ADMIN} over the mount's user namespace, a
 * kernel before 5.2), {@link #next} answers empty and callers use {@code /proc}, as before.
 *
 * <p>Thread-safe.
 */
final class ProcInstances implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProcInstances.class);

  /** How many namespaces one instance serves before the next is made. */
  static final int SHARE = 16;

  private static final Path IPV6 = Path.of("sys/net/ipv6");

  private Instance current; // guarded by this
  private boolean unavailable; // guarded by this
  private boolean closed; // guarded by this

  /**
   * An instance for one namespace's opening, to be given back with {@link #done} once the opening
   * is over (whether it succeeded or not); empty where procfs cannot be mounted, or when the kernel
   * has no IPv6. Called from a thread in the home namespace: a new instance's home identity is
   * read through it here.
   */
  synchronized Optional<Instance> next() {
    if (unavailable || closed) {
      return Optional.empty();
    }
    if (current == null || current.handedOut == SHARE) {
      Instance made = make();
      if (made == null) {
        return Optional.empty();
      }
      retire(current);
      current = made;
    }
    current.handedOut++;
    return Optional.of(current);
  }

  /** Gives back an instance {@link #next} handed out; the last use of a retired one closes it. */
  synchronized void done(Instance instance) {
    instance.given++;
    if (instance != current && instance.given == instance.handedOut) {
      instance.close();
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      retire(current);
      current = null;
    }
  }

  // Runs under this.
  private void retire(Instance instance) {
    if (instance != null && instance.given == instance.handedOut) {
      instance.close();
    }
  }

  // Runs under this. Null, and unavailable from now on, where procfs cannot be mounted.
  private Instance make() {
    int fd;
    try {
      fd = Syscalls.mountDetached("proc");
    } catch (KernelException e) {
      unavailable = true;
      log.debug("no procfs instance of netmodel's own ({}); namespaces' sysctls through /proc", e);
      return null;
    }
    Path ipv6 = Path.of("/proc/self/fd/" + fd).resolve(IPV6);
    try {
      Object home = Files.readAttributes(ipv6, BasicFileAttributes.class).fileKey();
      if (home == null) {
        throw new IOException("no identity for " + ipv6);
      }
      return new Instance(fd, ipv6, home);
    } catch (NoSuchFileException e) {
      unavailable = true; // no IPv6 in this kernel: nothing to open
    } catch (IOException e) {
      unavailable = true;
      log.debug("cannot use a procfs instance of netmodel's own; sysctls through /proc", e);
    }
    Syscalls.close(fd, "procfs instance");
    return null;
  }

  /**
   * One procfs instance: where a namespace's {@code sys/net/ipv6} is opened through it, and the
   * identity that directory has for the home namespace.
   */
  static final class Instance {
    private final int fd;
    private final Path ipv6;
    private final Object homeIdentity;
    private int handedOut; // guarded by the ProcInstances
    private int given; // guarded by the ProcInstances
    private boolean closed; // guarded by the ProcInstances

    private Instance(int fd, Path ipv6, Object homeIdentity) {
      this.fd = fd;
      this.ipv6 = ipv6;
      this.homeIdentity = homeIdentity;
    }

    /** {@code /proc/self/fd/FD/sys/net/ipv6}: valid until given back. */
    Path ipv6() {
      return ipv6;
    }

    /** The identity of the home namespace's {@code ipv6} directory in this instance. */
    Object homeIdentity() {
      return homeIdentity;
    }

    private void close() {
      if (!closed) {
        closed = true;
        // The directories opened through it keep the instance alive until they are closed.
        Syscalls.close(fd, "procfs instance");
      }
    }
  }
}
