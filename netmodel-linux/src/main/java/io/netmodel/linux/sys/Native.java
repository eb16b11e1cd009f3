package io.netmodel.linux.sys;

import java.nio.ByteBuffer;
import jnr.ffi.NativeLong;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The C library functions netmodel calls, bound by jnr-ffi. Only {@link Syscalls} uses this: it
 * turns {@code -1} and errno into typed exceptions.
 *
 * <p>The interface is public only so that the class jnr-ffi generates in its own class loader may
 * implement it; this holder class keeps it out of reach outside the package.
 */
final class Native {
  private Native() {}

  /**
   * The bound functions. Paths are NUL-terminated byte arrays (encoded by the caller); buffers are
   * direct, passed as their address plus position.
   */
  public interface LibC {
    @SaveError
    int setns(int fd, int nstype);

    @SaveError
    int unshare(int flags);

    @SaveError
    int mount(
        @In byte[] source, @In byte[] target, @In byte[] fstype, NativeLong flags, Pointer data);

    @SaveError
    int umount2(@In byte[] target, int flags);

    // open(2) is variadic in C; the mode is passed as a plain int, as the x86-64 and AArch64
    // calling conventions allow for integer arguments.
    @SaveError
    int open(@In byte[] path, int flags, int mode);

    @SaveError
    int close(int fd);

    @SaveError
    int mkdir(@In byte[] path, int mode);

    @SaveError
    int unlink(@In byte[] path);

    @SaveError
    int ioctl(int fd, NativeLong request);

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, ByteBuffer address, int addressLength);

    @SaveError
    int getsockname(int fd, ByteBuffer address, @In @Out int[] addressLength);

    @SaveError
    int setsockopt(int fd, int level, int name, @In int[] value, int valueLength);

    @SaveError
    @ssize_t
    long sendto(
        int fd,
        ByteBuffer buffer,
        @size_t long length,
        int flags,
        ByteBuffer destination,
        int destinationLength);

    @SaveError
    @ssize_t
    long recvfrom(
        int fd,
        ByteBuffer buffer,
        @size_t long length,
        int flags,
        ByteBuffer source,
        @In @Out int[] sourceLength);

    @SaveError
    int poll(ByteBuffer fds, NativeLong count, int timeoutMillis);

    @SaveError
    int eventfd(int initialValue, int flags);

    @SaveError
    @ssize_t
    long write(int fd, ByteBuffer buffer, @size_t long length);

    int gettid();

    // syscall(2), for calls older C libraries do not wrap (fsopen, fsconfig, fsmount: Linux 5.2,
    // glibc 2.36). Variadic in C; integer and pointer arguments only, passed as fixed ones as
    // for open(2). One overload per shape.
    @SaveError
    long syscall(long number, @In byte[] text, int flags);

    @SaveError
    long syscall(long number, int fd, int command, Pointer key, Pointer value, int aux);

    @SaveError
    long syscall(long number, int fd, int flags, int attributes);
  }
}
