package io.netmodel.api.net;

import com.google.common.net.InetAddresses;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * IP address literals without DNS: parsing, canonical printing and a little arithmetic.
 *
 * <pre>{@code
 * InetAddress gw = IpAddresses.parse("172.17.0.1");
 * IpAddresses.toString(IpAddresses.parse("2001:DB8:0:0::1"));   // "2001:db8::1" (RFC 5952)
 * IpAddresses.add(gw, 1);                                        // 172.17.0.2
 * }</pre>
 *
 * <p>Scoped IPv6 literals ({@code fe80::1%eth0}) are refused: netmodel never needs them and a
 * scope name would make parsing depend on the machine's interfaces. An IPv4-mapped IPv6 literal
 * ({@code ::ffff:10.0.0.1}) parses to the IPv4 address, as {@link InetAddress} does.
 *
 * <p>Stateless and thread-safe.
 */
public final class IpAddresses {
  private static final BigInteger IPV4_LIMIT = BigInteger.ONE.shiftLeft(32);
  private static final BigInteger IPV6_LIMIT = BigInteger.ONE.shiftLeft(128);

  private IpAddresses() {}

  /**
   * Parses an IPv4 or IPv6 literal; never consults DNS.
   *
   * @throws IllegalArgumentException quoting {@code text} when it is not an IP literal
   */
  public static InetAddress parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.indexOf('%') >= 0) {
      throw new IllegalArgumentException(
          "IP address must not carry a scope (%zone): \"" + text + "\"");
    }
    if (!InetAddresses.isInetAddress(text)) {
      throw new IllegalArgumentException("not an IPv4 or IPv6 address literal: \"" + text + "\"");
    }
    return InetAddresses.forString(text);
  }

  /**
   * Parses an IPv4 literal.
   *
   * @throws IllegalArgumentException quoting {@code text} when it is not an IPv4 literal
   */
  public static Inet4Address parseIpv4(String text) {
    InetAddress address = parse(text);
    if (!(address instanceof Inet4Address)) {
      throw new IllegalArgumentException("not an IPv4 address literal: \"" + text + "\"");
    }
    return (Inet4Address) address;
  }

  /**
   * Parses an IPv6 literal (an IPv4-mapped literal is refused, as it parses to IPv4).
   *
   * @throws IllegalArgumentException quoting {@code text} when it is not an IPv6 literal
   */
  public static Inet6Address parseIpv6(String text) {
    InetAddress address = parse(text);
    if (!(address instanceof Inet6Address)) {
      throw new IllegalArgumentException("not an IPv6 address literal: \"" + text + "\"");
    }
    return (Inet6Address) address;
  }

  /** The canonical text: dotted quad for IPv4, RFC 5952 for IPv6 ({@code 2001:db8::1}). */
  public static String toString(InetAddress address) {
    return InetAddresses.toAddrString(Objects.requireNonNull(address, "address"));
  }

  /** 32 for IPv4, 128 for IPv6. */
  public static int bitLength(InetAddress address) {
    return address instanceof Inet4Address ? 32 : 128;
  }

  /** The address as an unsigned number. */
  public static BigInteger toBigInteger(InetAddress address) {
    return new BigInteger(1, address.getAddress());
  }

  /**
   * The address with the unsigned number {@code value}: IPv6 when {@code ipv6}, else IPv4.
   *
   * @throws IllegalArgumentException when {@code value} is negative or too large for the family
   */
  public static InetAddress fromBigInteger(BigInteger value, boolean ipv6) {
    BigInteger limit = ipv6 ? IPV6_LIMIT : IPV4_LIMIT;
    if (value.signum() < 0 || value.compareTo(limit) >= 0) {
      throw new IllegalArgumentException(
          "value out of range for an " + (ipv6 ? "IPv6" : "IPv4") + " address: " + value);
    }
    byte[] raw = value.toByteArray();
    byte[] bytes = new byte[ipv6 ? 16 : 4];
    int copy = Math.min(raw.length, bytes.length);
    System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
    return fromBytes(bytes);
  }

  /**
   * {@code address + offset}, in the same family.
   *
   * @throws IllegalArgumentException naming the address and offset when the result leaves the
   *     family's range
   */
  public static InetAddress add(InetAddress address, long offset) {
    BigInteger sum = toBigInteger(address).add(BigInteger.valueOf(offset));
    BigInteger limit = address instanceof Inet4Address ? IPV4_LIMIT : IPV6_LIMIT;
    if (sum.signum() < 0 || sum.compareTo(limit) >= 0) {
      throw new IllegalArgumentException(
          "address arithmetic overflows: " + toString(address) + " + " + offset);
    }
    return fromBigInteger(sum, !(address instanceof Inet4Address));
  }

  /**
   * The address for raw bytes: 4 bytes give IPv4, 16 give IPv6 (never converted to IPv4, even
   * when the bytes are IPv4-mapped).
   */
  static InetAddress fromBytes(byte[] bytes) {
    try {
      if (bytes.length == 16) {
        return Inet6Address.getByAddress(null, bytes, -1);
      }
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address length: " + bytes.length, e);
    }
  }
}
