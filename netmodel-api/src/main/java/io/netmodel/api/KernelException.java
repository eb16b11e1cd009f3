package io.netmodel.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The kernel refused an operation. Keeps what was asked, of which object, the errno by
 * name and number, and the kernel's own explanation when netlink sent one (extended ack).
 *
 * <pre>{@code RTM_NEWLINK veth1a2b (peer eth0 in ns web) failed: EEXIST (File exists)}</pre>
 */
public class KernelException extends NetmodelException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String object;
  private final int errno;
  private final String errnoName;
  private final String kernelMessage;

  /**
   * @param operation the system call or netlink message type, for example {@code "setns"}
   *     or {@code "RTM_NEWLINK"}
   * @param object what it was applied to, in words
   * @param errno the positive errno value
   * @param errnoName the errno's symbolic name, for example {@code "EEXIST"}
   * @param errnoText the C library's description of the errno, for example {@code "File
   *     exists"}
   * @param kernelMessage the extended-ack message, or {@code null} when there was none
   */
  public KernelException(
      String operation,
      String object,
      int errno,
      String errnoName,
      String errnoText,
      String kernelMessage) {
    super(format(operation, object, errnoName, errnoText, kernelMessage));
    this.operation = Objects.requireNonNull(operation, "operation");
    this.object = Objects.requireNonNull(object, "object");
    this.errno = errno;
    this.errnoName = Objects.requireNonNull(errnoName, "errnoName");
    this.kernelMessage = kernelMessage;
  }

  private static String format(
      String operation, String object, String errnoName, String errnoText, String kernelMessage) {
    StringBuilder b = new StringBuilder(operation);
    if (!object.isEmpty()) {
      b.append(' ').append(object);
    }
    b.append(" failed: ").append(errnoName);
    if (errnoText != null && !errnoText.isEmpty()) {
      b.append(" (").append(errnoText).append(')');
    }
    if (kernelMessage != null && !kernelMessage.isEmpty()) {
      b.append(": ").append(kernelMessage);
    }
    return b.toString();
  }

  /** The system call or netlink message type that failed. */
  public String operation() {
    return operation;
  }

  /** What the operation was applied to, in words. */
  public String object() {
    return object;
  }

  /** The positive errno value. */
  public int errno() {
    return errno;
  }

  /** The errno's symbolic name, for example {@code "EEXIST"}. */
  public String errnoName() {
    return errnoName;
  }

  /** The kernel's extended-ack message, when it sent one. */
  public Optional<String> kernelMessage() {
    return Optional.ofNullable(kernelMessage);
  }

  /** Whether the errno has the given symbolic name. */
  public boolean is(String name) {
    return errnoName.equals(name);
  }
}
