package io.netmodel.api;

/**
 * The kernel refused for lack of privilege ({@code EPERM} or {@code EACCES}). Network
 * namespaces and interfaces need {@code CAP_NET_ADMIN}: run as root, or start the JVM inside
 * a user namespace ({@code unshare --user --map-root-user --net --mount}).
 */
public class PermissionDeniedException extends KernelException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(
      String operation,
      String object,
      int errno,
      String errnoName,
      String errnoText,
      String kernelMessage) {
    super(operation, object, errno, errnoName, errnoText, kernelMessage);
  }

  @Override
  public String getMessage() {
    return super.getMessage()
        + " (needs CAP_NET_ADMIN: run as root or inside a user namespace,"
        + " e.g. unshare --user --map-root-user --net --mount)";
  }
}
