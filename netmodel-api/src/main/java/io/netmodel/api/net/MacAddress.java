package io.netmodel.api.net;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A 48-bit Ethernet MAC address, held as the low 48 bits of a {@code long}.
 *
 * <pre>{@code
 * MacAddress mac = MacAddress.parse("02:42:AC:11:00:02");
 * mac.toString();                  // "02:42:ac:11:00:02"
 * mac.isLocallyAdministered();     // true
 * MacAddress.randomLocal();        // 1e:5b:...: locally administered, unicast
 * }</pre>
 *
 * <p>{@link #toString()} is the lower-case colon form, which {@link #parse} reads back.
 * Immutable and thread-safe.
 *
 * @param value the address, 0 .. 2^48-1, first byte most significant
 */
public record MacAddress(long value) {
  private static final long MAX = (1L << 48) - 1;
  private static final String HEX_DIGITS = "0123456789abcdef";

  public MacAddress {
    if (value < 0 || value > MAX) {
      throw new IllegalArgumentException(
          "MAC address out of 48-bit range: 0x" + Long.toHexString(value));
    }
  }

  /**
   * Parses six two-digit hexadecimal groups separated by colons, either case: {@code
   * 02:42:ac:11:00:02}.
   *
   * @throws IllegalArgumentException quoting {@code text} when it has another form
   */
  public static MacAddress parse(String text) {
    Objects.requireNonNull(text, "text");
    // Read character by character: every link the Linux port reads back has its MAC parsed.
    long value = 0;
    boolean wellFormed = text.length() == 17;
    for (int i = 0; wellFormed && i < 17; i++) {
      char c = text.charAt(i);
      if (i % 3 == 2) {
        wellFormed = c == ':';
      } else {
        int digit = hexDigit(c);
        wellFormed = digit >= 0;
        value = (value << 4) | digit;
      }
    }
    if (!wellFormed) {
      throw new IllegalArgumentException(
          "MAC address must be six two-digit hex groups separated by ':'"
              + " (02:42:ac:11:00:02): \""
              + text
              + "\"");
    }
    return new MacAddress(value);
  }

  /** The value of an ASCII hexadecimal digit, either case; -1 for any other character. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * The address of six bytes, first byte first.
   *
   * @throws IllegalArgumentException when {@code bytes} is not 6 bytes long
   */
  public static MacAddress of(byte[] bytes) {
    if (bytes.length != 6) {
      throw new IllegalArgumentException("MAC address must be 6 bytes: got " + bytes.length);
    }
    long v = 0;
    for (byte b : bytes) {
      v = (v << 8) | (b & 0xff);
    }
    return new MacAddress(v);
  }

  /**
   * A random locally administered unicast address: bit 1 of the first byte set, bit 0 clear.
   */
  public static MacAddress randomLocal(RandomGenerator random) {
    long v = random.nextLong() & MAX;
    v |= 0x02L << 40;
    v &= ~(0x01L << 40);
    return new MacAddress(v);
  }

  /** {@link #randomLocal(RandomGenerator)} with the current thread's random generator. */
  public static MacAddress randomLocal() {
    return randomLocal(ThreadLocalRandom.current());
  }

  /** The six bytes, first byte first (a fresh array). */
  public byte[] bytes() {
    byte[] out = new byte[6];
    for (int i = 0; i < 6; i++) {
      out[i] = (byte) (value >>> (40 - 8 * i));
    }
    return out;
  }

  /** Whether the U/L bit (bit 1 of the first byte) marks the address as locally administered. */
  public boolean isLocallyAdministered() {
    return (value & (0x02L << 40)) != 0;
  }

  /** Whether the I/G bit (bit 0 of the first byte) marks a group (multicast) address. */
  public boolean isMulticast() {
    return (value & (0x01L << 40)) != 0;
  }

  /** Whether this is 00:00:00:00:00:00. */
  public boolean isZero() {
    return value == 0;
  }

  /**
   * The lower-case colon form, {@code 02:42:ac:11:00:02}. Written digit by digit: a record
   * written at every attach holds it, and six {@code String.format} calls cost more than the
   * rest of that record together.
   */
  @Override
  public String toString() {
    char[] text = new char[17];
    for (int i = 0; i < 6; i++) {
      int octet = (int) (value >>> (40 - 8 * i)) & 0xff;
      text[3 * i] = HEX_DIGITS.charAt(octet >>> 4);
      text[3 * i + 1] = HEX_DIGITS.charAt(octet & 0xf);
      if (i < 5) {
        text[3 * i + 2] = ':';
      }
    }
    return new String(text);
  }
}
