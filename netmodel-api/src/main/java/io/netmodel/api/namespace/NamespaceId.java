package io.netmodel.api.namespace;

/**
 * The identity of a network namespace: the device and inode of its nsfs file, as
 * {@code stat} reports them for {@code /proc/PID/ns/net} or a bind-mounted namespace file.
 * Two paths naming one namespace give equal ids.
 *
 * <p>{@code toString} gives {@code net:[INODE]@DEV}, the form {@code readlink} shows for the
 * inode, followed by the device; {@link #parse} reads it back.
 */
public record NamespaceId(long device, long inode) {

  public NamespaceId {
    if (inode <= 0) {
      throw new IllegalArgumentException("namespace inode must be positive: " + inode);
    }
  }

  public static NamespaceId of(long device, long inode) {
    return new NamespaceId(device, inode);
  }

  /** Parses the form {@link #toString} gives, {@code net:[4026532001]@4}. */
  public static NamespaceId parse(String text) {
    int open = text.indexOf("net:[");
    int close = text.indexOf("]@");
    if (open != 0 || close < 0) {
      throw new IllegalArgumentException(
          "namespace id must look like net:[INODE]@DEVICE: \"" + text + "\"");
    }
    try {
      long inode = Long.parseLong(text.substring(5, close));
      long device = Long.parseLong(text.substring(close + 2));
      return new NamespaceId(device, inode);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "namespace id must look like net:[INODE]@DEVICE: \"" + text + "\"", e);
    }
  }

  /** The text {@code readlink /proc/PID/ns/net} prints for this namespace. */
  public String linkText() {
    return "net:[" + inode + "]";
  }

  @Override
  public String toString() {
    return linkText() + "@" + device;
  }
}
