package io.netmodel.testkit.kernel;

import io.netmodel.api.KernelException;
import io.netmodel.api.PermissionDeniedException;

/**
 * The errno values the fake kernel answers with, numbered and described as the real kernel
 * port reports them, so that the same mistake gives the same exception on either port.
 */
enum Errno {
  // asm-generic/errno-base.h
  ESRCH(3, "No such process"),
  EACCES(13, "Permission denied"),
  EBUSY(16, "Device or resource busy"),
  EEXIST(17, "File exists"),
  ENODEV(19, "No such device"),
  EINVAL(22, "Invalid argument"),
  // asm-generic/errno.h
  EXFULL(54, "Exchange full"),
  EPROTONOSUPPORT(93, "Protocol not supported"),
  EOPNOTSUPP(95, "Operation not supported"),
  EADDRINUSE(98, "Address already in use"),
  EADDRNOTAVAIL(99, "Cannot assign requested address"),
  ENETDOWN(100, "Network is down"),
  ENETUNREACH(101, "Network is unreachable"),
  ENOTCONN(107, "Transport endpoint is not connected"),
  EHOSTUNREACH(113, "No route to host");

  private final int number;
  private final String text;

  Errno(int number, String text) {
    this.number = number;
    this.text = text;
  }

  /** The refusal of {@code operation} on {@code object}, typed as the Linux port types it. */
  KernelException of(String operation, String object) {
    return of(operation, object, null);
  }

  /** As {@link #of(String, String)}, with the kernel's extended-ack message. */
  KernelException of(String operation, String object, String kernelMessage) {
    if (this == EACCES) {
      return new PermissionDeniedException(
          operation, object, number, name(), text, kernelMessage);
    }
    return new KernelException(operation, object, number, name(), text, kernelMessage);
  }
}
