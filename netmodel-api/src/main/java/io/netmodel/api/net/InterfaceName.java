package io.netmodel.api.net;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A Linux network interface name, checked by the kernel's own rule ({@code dev_valid_name} in
 * {@code net/core/dev.c}): 1 to 15 bytes ({@code IFNAMSIZ - 1}, counted in UTF-8), not
 * {@code "."} or {@code ".."}, and no {@code '/'}, {@code ':'}, whitespace or NUL. Whitespace is
 * what the kernel's {@code isspace} calls so: tab, newline, vertical tab, form feed, carriage
 * return, space and the byte 0xa0.
 *
 * <pre>{@code
 * InterfaceName eth0 = InterfaceName.of("eth0");
 * InterfaceName.of("veth-with-a-long-name");   // IllegalArgumentException: longer than 15 bytes
 * }</pre>
 *
 * <p>{@link #toString()} is the name itself. Immutable and thread-safe.
 *
 * @param value the name
 */
public record InterfaceName(String value) {
  // IFNAMSIZ from <linux/if.h>: the name buffer, including its terminating NUL.
  private static final int IFNAMSIZ = 16;

  public InterfaceName {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("interface name must not be empty");
    }
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(value)) {
      // A lone surrogate would reach the kernel as '?', not as the name given.
      throw new IllegalArgumentException(
          "interface name must be valid Unicode (no lone surrogate): \"" + value + "\"");
    }
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > IFNAMSIZ - 1) {
      throw new IllegalArgumentException(
          "interface name must be at most "
              + (IFNAMSIZ - 1)
              + " bytes (IFNAMSIZ - 1), got "
              + bytes
              + ": \""
              + value
              + "\"");
    }
    if (value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException(
          "interface name must not be \".\" or \"..\": \"" + value + "\"");
    }
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      if (b == '/') {
        throw new IllegalArgumentException(
            "interface name must not contain '/': \"" + value + "\"");
      }
      if (b == ':') {
        throw new IllegalArgumentException(
            "interface name must not contain ':': \"" + value + "\"");
      }
      if (b == 0) {
        throw new IllegalArgumentException(
            "interface name must not contain NUL: \"" + value.replace("\0", "\\0") + "\"");
      }
      if (isKernelSpace(b)) {
        throw new IllegalArgumentException(
            "interface name must not contain whitespace: \"" + value + "\"");
      }
    }
  }

  // The kernel's isspace (lib/ctype.c): 9..13, 32 and 160.
  private static boolean isKernelSpace(byte b) {
    int c = b & 0xff;
    return (c >= 9 && c <= 13) || c == 32 || c == 160;
  }

  /**
   * The interface name {@code value}.
   *
   * @throws IllegalArgumentException naming the rule {@code value} breaks, and quoting it
   */
  public static InterfaceName of(String value) {
    return new InterfaceName(value);
  }

  /** The same as {@link #of(String)}: the text of a name is the name. */
  public static InterfaceName parse(String text) {
    return new InterfaceName(text);
  }

  /** The name itself. */
  @Override
  public String toString() {
    return value;
  }
}
