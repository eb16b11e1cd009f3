package io.netmodel.linux.sys;

import io.netmodel.api.KernelException;
import io.netmodel.api.PermissionDeniedException;
import jnr.constants.platform.Errno;

/**
 * Kernel errno values as names and typed exceptions, for system calls and netlink alike.
 * Names are those of the kernel's {@code asm-generic/errno*.h}.
 */
public final class Errnos {
  private Errnos() {}

  /** The errno's symbolic name, e.g. {@code "EEXIST"}; {@code "errno N"} when unknown. */
  public static String name(int errno) {
    // jnr-constants gives the C library's alias for these; the kernel headers define
    // EOPNOTSUPP, EDEADLK and EAGAIN first.
    switch (errno) {
      case 95:
        return "EOPNOTSUPP";
      case 35:
        return "EDEADLK";
      case 11:
        return "EAGAIN";
      default:
        Errno e = Errno.valueOf(errno);
        return e.defined() ? e.name() : "errno " + errno;
    }
  }

  /** The C library's description of the errno, e.g. {@code "File exists"}; may be empty. */
  public static String text(int errno) {
    Errno e = Errno.valueOf(errno);
    return e.defined() ? e.description() : "";
  }

  /**
   * The exception for a refused operation: {@link PermissionDeniedException} for EPERM and
   * EACCES, {@link KernelException} otherwise.
   *
   * @param kernelMessage the netlink extended-ack message, or {@code null}
   */
  public static KernelException exception(
      String operation, String object, int errno, String kernelMessage) {
    if (errno == Errno.EPERM.intValue() || errno == Errno.EACCES.intValue()) {
      return new PermissionDeniedException(
          operation, object, errno, name(errno), text(errno), kernelMessage);
    }
    return new KernelException(operation, object, errno, name(errno), text(errno), kernelMessage);
  }
}
