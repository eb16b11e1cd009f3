package io.netmodel.api.net;

import java.util.Objects;

/**
 * An inclusive range of port numbers, {@code first..last}, within 0..65535; a single port is a
 * range of one. Port 0 stands for "any port" and appears only as {@link #ANY} ({@code 0..0}).
 *
 * <pre>{@code
 * PortRange.parse("8000-8010").size();   // 11
 * PortRange.of(80).toString();           // "80"
 * }</pre>
 *
 * <p>{@link #toString()} is {@code FIRST} or {@code FIRST-LAST}, which {@link #parse} reads back.
 * Immutable and thread-safe.
 *
 * @param first the first port
 * @param last the last port, not below {@code first}
 */
public record PortRange(int first, int last) {
  /** The "any port" range, {@code 0..0}: the kernel or driver picks an ephemeral port. */
  public static final PortRange ANY = new PortRange(0, 0);

  private static final int MAX_PORT = 65535;

  public PortRange {
    if (first < 0 || first > MAX_PORT) {
      throw new IllegalArgumentException("port out of range 0..65535: " + first);
    }
    if (last < 0 || last > MAX_PORT) {
      throw new IllegalArgumentException("port out of range 0..65535: " + last);
    }
    if (last < first) {
      throw new IllegalArgumentException(
          "port range must not end before it starts: " + first + "-" + last);
    }
    if (first == 0 && last != 0) {
      throw new IllegalArgumentException(
          "port 0 means any port and cannot start a range: " + first + "-" + last);
    }
  }

  /** The single port {@code port}. */
  public static PortRange of(int port) {
    return new PortRange(port, port);
  }

  /** The ports {@code first..last}. */
  public static PortRange of(int first, int last) {
    return new PortRange(first, last);
  }

  /**
   * Parses {@code PORT} or {@code FIRST-LAST}: decimal numbers 0..65535 (leading zeros allowed,
   * signs not); {@code 80-80} is the single port 80.
   *
   * @throws IllegalArgumentException quoting {@code text} and naming the rule it breaks
   */
  public static PortRange parse(String text) {
    Objects.requireNonNull(text, "text");
    int dash = text.indexOf('-');
    if (dash < 0) {
      return of(parsePort(text, text));
    }
    int first = parsePort(text.substring(0, dash), text);
    int last = parsePort(text.substring(dash + 1), text);
    if (last < first) {
      throw new IllegalArgumentException(
          "port range must not end before it starts: \"" + text + "\"");
    }
    if (first == 0 && last != 0) {
      throw new IllegalArgumentException(
          "port 0 means any port and cannot start a range: \"" + text + "\"");
    }
    return new PortRange(first, last);
  }

  private static int parsePort(String digits, String whole) {
    if (digits.isEmpty()) {
      throw new IllegalArgumentException("port range has an empty port: \"" + whole + "\"");
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException(
            "port must be a decimal number: \"" + whole + "\"");
      }
    }
    String trimmed = digits.replaceFirst("^0+(?=.)", "");
    if (trimmed.length() > 5 || Integer.parseInt(trimmed) > MAX_PORT) {
      throw new IllegalArgumentException("port out of range 0..65535: \"" + whole + "\"");
    }
    return Integer.parseInt(trimmed);
  }

  /** How many ports the range holds. */
  public int size() {
    return last - first + 1;
  }

  /** Whether the range is one port. */
  public boolean isSingle() {
    return first == last;
  }

  /** Whether this is {@link #ANY}. */
  public boolean isAny() {
    return first == 0;
  }

  /** Whether {@code port} lies in the range. */
  public boolean contains(int port) {
    return port >= first && port <= last;
  }

  /** {@code FIRST} or {@code FIRST-LAST}. */
  @Override
  public String toString() {
    return isSingle() ? Integer.toString(first) : first + "-" + last;
  }
}
