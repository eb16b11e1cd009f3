package io.netmodel.linux.sys;

import io.netmodel.api.KernelException;
import io.netmodel.api.PermissionDeniedException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.NativeLong;
import jnr.ffi.Runtime;

/**
 * The system calls netmodel makes, with Java types: a failed call throws {@link KernelException}
 * (or {@link PermissionDeniedException} for {@code EPERM}/{@code EACCES}) naming the call, its
 * object and the errno, read on the calling thread right after the call. Nothing outside this
 * package sees {@code -1} or a bare errno. Calls interrupted by a signal ({@code EINTR}) are
 * retried, except {@code close}.
 *
 * <pre>{@code
 * int fd = Syscalls.open(Path.of("/run/netns/web"), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
 * Syscalls.setns(fd, Syscalls.CLONE_NEWNET, "/run/netns/web");
 * }</pre>
 *
 * <p>The C library is bound when this class initialises; if it cannot be, initialisation fails with
 * an {@link IllegalStateException} that says so. Buffers passed in must be direct; the calls use
 * the bytes from their position. Thread-safe: every method acts on the calling thread only (which
 * matters for {@link #setns} and {@link #unshare}).
 */
public final class Syscalls {
  // linux/sched.h: namespace flags of clone(2), unshare(2) and setns(2).
  public static final int CLONE_FS = 0x00000200;
  public static final int CLONE_NEWNS = 0x00020000;
  public static final int CLONE_NEWNET = 0x40000000;

  // linux/mount.h: mount(2) flags.
  public static final long MS_REMOUNT = 32;
  public static final long MS_BIND = 4096;
  public static final long MS_REC = 16384;
  public static final long MS_PRIVATE = 1 << 18;
  public static final long MS_SLAVE = 1 << 19;
  public static final long MS_SHARED = 1 << 20;

  // sys/mount.h (glibc): umount2(2) flags.
  public static final int MNT_DETACH = 2;

  // asm-generic/fcntl.h: open(2) flags.
  public static final int O_RDONLY = 0;
  public static final int O_CREAT = 0100;
  public static final int O_EXCL = 0200;
  public static final int O_NONBLOCK = 04000;
  public static final int O_DIRECTORY = 0200000;
  public static final int O_CLOEXEC = 02000000;
  public static final int O_PATH = 010000000;

  // linux/nsfs.h: NS_GET_NSTYPE = _IO(NSIO, 0x3) with NSIO 0xb7.
  public static final long NS_GET_NSTYPE = (0xb7 << 8) | 0x3;

  // bits/eventfd.h (glibc): eventfd(2) flags, equal to O_CLOEXEC and O_NONBLOCK.
  public static final int EFD_CLOEXEC = 02000000;
  public static final int EFD_NONBLOCK = 04000;

  // asm-generic/poll.h: poll(2) events.
  public static final short POLLIN = 0x0001;

  private static final Native.LibC LIBC;
  private static final Runtime RUNTIME;
  private static final Charset PATH_CHARSET;

  static {
    try {
      LIBC = LibraryLoader.create(Native.LibC.class).failImmediately().load("c");
      RUNTIME = Runtime.getRuntime(LIBC);
    } catch (LinkageError | RuntimeException e) {
      throw new IllegalStateException(
          "cannot bind the C library (libc) with jnr-ffi: netmodel-linux needs Linux with glibc"
              + " or another libc exporting setns, unshare, mount and the socket calls ("
              + e
              + ")",
          e);
    }
    // The JDK encodes file names with this charset; paths given to the kernel must match.
    PATH_CHARSET = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
  }

  private static final int EINTR = Errno.EINTR.intValue();
  private static final int EAGAIN = Errno.EAGAIN.intValue();
  private static final int EWOULDBLOCK = Errno.EWOULDBLOCK.intValue();

  private Syscalls() {}

  /** Moves the calling thread into the namespace {@code fd} refers to. */
  public static void setns(int fd, int nstype, String object) {
    if (LIBC.setns(fd, nstype) < 0) {
      throw failure("setns", object);
    }
  }

  /** Gives the calling thread new namespaces of the kinds in {@code flags}. */
  public static void unshare(int flags) {
    if (LIBC.unshare(flags) < 0) {
      throw failure("unshare", flagsText(flags));
    }
  }

  /** mount(2) with no data; {@code source} and {@code fstype} as the call takes them. */
  public static void mount(String source, Path target, String fstype, long flags) {
    int rc = LIBC.mount(text(source), path(target), text(fstype), NativeLong.valueOf(flags), null);
    if (rc < 0) {
      throw failure("mount", source + " on " + target);
    }
  }

  // linux/mount.h
  private static final int FSOPEN_CLOEXEC = 0x1;
  private static final int FSCONFIG_CMD_CREATE = 6;
  private static final int FSMOUNT_CLOEXEC = 0x1;
  // asm-generic/unistd.h, and asm/unistd_64.h for x86-64: the numbers every architecture
  // shares for calls added since Linux 5.1.
  private static final long NR_FSOPEN = 430;
  private static final long NR_FSCONFIG = 431;
  private static final long NR_FSMOUNT = 432;

  /**
   * A new instance of file system {@code fstype} with no options, mounted nowhere: {@code
   * fsopen}, {@code fsconfig(FSCONFIG_CMD_CREATE)}, {@code fsmount}. Returns the mount's
   * descriptor (close-on-exec); paths below it are reached through {@code /proc/self/fd/FD/...}
   * while it, or anything opened below it, is open.
   */
  public static int mountDetached(String fstype) {
    int context = (int) LIBC.syscall(NR_FSOPEN, text(fstype), FSOPEN_CLOEXEC);
    if (context < 0) {
      throw failure("fsopen", fstype);
    }
    try {
      if (LIBC.syscall(NR_FSCONFIG, context, FSCONFIG_CMD_CREATE, null, null, 0) < 0) {
        throw failure("fsconfig", fstype + " (create)");
      }
      int mount = (int) LIBC.syscall(NR_FSMOUNT, context, FSMOUNT_CLOEXEC, 0);
      if (mount < 0) {
        throw failure("fsmount", fstype);
      }
      return mount;
    } finally {
      close(context, fstype + " file system context");
    }
  }

  /** umount2(2). */
  public static void umount2(Path target, int flags) {
    if (LIBC.umount2(path(target), flags) < 0) {
      throw failure("umount2", target.toString());
    }
  }

  /** open(2); returns the new file descriptor. */
  public static int open(Path path, int flags, int mode) {
    byte[] p = path(path);
    while (true) {
      int fd = LIBC.open(p, flags, mode);
      if (fd >= 0) {
        return fd;
      }
      int errno = lastError();
      if (errno != EINTR) {
        throw exception("open", path.toString(), errno);
      }
    }
  }

  /** close(2); never retried, as Linux releases the descriptor even when it fails. */
  public static void close(int fd, String object) {
    if (LIBC.close(fd) < 0) {
      throw failure("close", object);
    }
  }

  /** mkdir(2). */
  public static void mkdir(Path path, int mode) {
    if (LIBC.mkdir(path(path), mode) < 0) {
      throw failure("mkdir", path.toString());
    }
  }

  /** unlink(2). */
  public static void unlink(Path path) {
    if (LIBC.unlink(path(path)) < 0) {
      throw failure("unlink", path.toString());
    }
  }

  /** ioctl(2) with no argument; returns what the call returns. */
  public static int ioctl(int fd, long request, String object) {
    int rc = LIBC.ioctl(fd, NativeLong.valueOf(request));
    if (rc < 0) {
      throw failure("ioctl", object);
    }
    return rc;
  }

  /** socket(2); returns the new file descriptor. */
  public static int socket(int domain, int type, int protocol, String object) {
    int fd = LIBC.socket(domain, type, protocol);
    if (fd < 0) {
      throw failure("socket", object);
    }
    return fd;
  }

  /** bind(2) to the address in {@code address} (position to limit). */
  public static void bind(int fd, ByteBuffer address, String object) {
    requireDirect(address);
    if (LIBC.bind(fd, address, address.remaining()) < 0) {
      throw failure("bind", object);
    }
  }

  /** getsockname(2) into {@code address} (position to limit); returns the address length. */
  public static int getsockname(int fd, ByteBuffer address, String object) {
    requireDirect(address);
    int[] length = {address.remaining()};
    if (LIBC.getsockname(fd, address, length) < 0) {
      throw failure("getsockname", object);
    }
    return length[0];
  }

  /** setsockopt(2) with an {@code int} value; {@code option} names it in errors. */
  public static void setsockopt(int fd, int level, int name, int value, String option) {
    if (LIBC.setsockopt(fd, level, name, new int[] {value}, Integer.BYTES) < 0) {
      throw failure("setsockopt", option);
    }
  }

  /**
   * sendto(2) of {@code data} (position to limit) to {@code destination} (position to limit);
   * returns the number of bytes sent. Positions are not moved.
   */
  public static int sendto(
      int fd, ByteBuffer data, int flags, ByteBuffer destination, String object) {
    requireDirect(data);
    requireDirect(destination);
    while (true) {
      long n = LIBC.sendto(fd, data, data.remaining(), flags, destination, destination.remaining());
      if (n >= 0) {
        return (int) n;
      }
      int errno = lastError();
      if (errno != EINTR) {
        throw exception("sendto", object, errno);
      }
    }
  }

  /**
   * recvfrom(2) into {@code buffer} (at most {@code length} bytes from its position), with the
   * sender's address stored in {@code source} (from its position). Returns what the call returns
   * (with {@code MSG_TRUNC}, the datagram's real length), or empty when the call would block
   * ({@code EAGAIN}, for a non-blocking socket or {@code MSG_DONTWAIT}). Positions are not moved.
   */
  public static OptionalInt recvfrom(
      int fd, ByteBuffer buffer, int length, int flags, ByteBuffer source, String object) {
    requireDirect(buffer);
    requireDirect(source);
    if (length < 0 || length > buffer.remaining()) {
      throw new IllegalArgumentException(
          "receive length must be within the buffer's remaining "
              + buffer.remaining()
              + ": "
              + length);
    }
    int[] sourceLength = new int[1];
    while (true) {
      sourceLength[0] = source.remaining();
      long n = LIBC.recvfrom(fd, buffer, length, flags, source, sourceLength);
      if (n >= 0) {
        return OptionalInt.of((int) n);
      }
      int errno = lastError();
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return OptionalInt.empty();
      }
      if (errno != EINTR) {
        throw exception("recvfrom", object, errno);
      }
    }
  }

  /**
   * poll(2) on {@code count} {@code struct pollfd} in {@code fds} (8 bytes each, native order, from
   * position 0); returns how many have events. A negative timeout waits for ever.
   */
  public static int poll(ByteBuffer fds, int count, int timeoutMillis, String object) {
    requireDirect(fds);
    if (count < 0 || count * 8 > fds.capacity()) {
      throw new IllegalArgumentException(
          "poll count must fit the buffer of " + fds.capacity() + " bytes: " + count);
    }
    while (true) {
      int n = LIBC.poll(fds, NativeLong.valueOf(count), timeoutMillis);
      if (n >= 0) {
        return n;
      }
      int errno = lastError();
      if (errno != EINTR) {
        throw exception("poll", object, errno);
      }
    }
  }

  /** eventfd(2); returns the new file descriptor. */
  public static int eventfd(int initialValue, int flags, String object) {
    int fd = LIBC.eventfd(initialValue, flags);
    if (fd < 0) {
      throw failure("eventfd", object);
    }
    return fd;
  }

  /** write(2) of {@code data} (position to limit); returns the number of bytes written. */
  public static int write(int fd, ByteBuffer data, String object) {
    requireDirect(data);
    while (true) {
      long n = LIBC.write(fd, data, data.remaining());
      if (n >= 0) {
        return (int) n;
      }
      int errno = lastError();
      if (errno != EINTR) {
        throw exception("write", object, errno);
      }
    }
  }

  /** The calling thread's kernel thread id. */
  public static int gettid() {
    return LIBC.gettid();
  }

  /** The typed exception for {@code errno}: permission errors get their own type. */
  static KernelException exception(String operation, String object, int errno) {
    return Errnos.exception(operation, object, errno, null);
  }

  private static KernelException failure(String operation, String object) {
    return exception(operation, object, lastError());
  }

  private static int lastError() {
    return RUNTIME.getLastError();
  }

  private static String flagsText(int flags) {
    StringBuilder b = new StringBuilder();
    if ((flags & CLONE_NEWNET) != 0) {
      b.append("CLONE_NEWNET");
    }
    if ((flags & CLONE_NEWNS) != 0) {
      b.append(b.length() > 0 ? "|" : "").append("CLONE_NEWNS");
    }
    if ((flags & CLONE_FS) != 0) {
      b.append(b.length() > 0 ? "|" : "").append("CLONE_FS");
    }
    int rest = flags & ~(CLONE_NEWNET | CLONE_NEWNS | CLONE_FS);
    if (rest != 0 || b.length() == 0) {
      b.append(b.length() > 0 ? "|" : "").append("0x").append(Integer.toHexString(rest));
    }
    return b.toString();
  }

  private static byte[] path(Path path) {
    return text(path.toString());
  }

  private static byte[] text(String s) {
    byte[] bytes = s.getBytes(PATH_CHARSET);
    for (byte b : bytes) {
      if (b == 0) {
        throw new IllegalArgumentException("path or name must not contain NUL: \"" + s + "\"");
      }
    }
    return Arrays.copyOf(bytes, bytes.length + 1);
  }

  private static void requireDirect(ByteBuffer buffer) {
    if (!buffer.isDirect()) {
      throw new IllegalArgumentException("buffer for a system call must be direct: " + buffer);
    }
  }
}
