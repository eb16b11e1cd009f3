package io.netmodel.linux.netlink;

import io.netmodel.api.KernelException;
import io.netmodel.api.PermissionDeniedException;
import jnr.constants.platform.Errno;

/** Turns a kernel errno into the typed exception, with the names the kernel's headers use. */
final class Errnos {
  private static final int EPERM = 1;
  private static final int EACCES = 13;

  private Errnos() {}

  /** The errno's symbolic name as in {@code asm-generic/errno*.h}, e.g. {@code "EEXIST"}. */
  static String name(int errno) {
    // jnr-constants picks the C library's alias for these two; the kernel's headers define
    // EOPNOTSUPP and EDEADLK first.
    if (errno == 95) {
      return "EOPNOTSUPP";
    }
    if (errno == 35) {
      return "EDEADLK";
    }
    Errno e = Errno.valueOf(errno);
    return e.defined() ? e.name() : "errno " + errno;
  }

  /** The C library's description of the errno, e.g. {@code "File exists"}; may be empty. */
  static String text(int errno) {
    Errno e = Errno.valueOf(errno);
    return e.defined() ? e.description() : "";
  }

  /** The exception for a refused operation: {@link PermissionDeniedException} for EPERM/EACCES. */
  static KernelException exception(
      String operation, String object, int errno, String kernelMessage) {
    if (errno == EPERM || errno == EACCES) {
      return new PermissionDeniedException(
          operation, object, errno, name(errno), text(errno), kernelMessage);
    }
    return new KernelException(operation, object, errno, name(errno), text(errno), kernelMessage);
  }
}
