package io.netmodel.api.net;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address with a prefix length, in CIDR notation: a subnet ({@code
 * 10.0.0.0/8}) or an interface address that keeps its host bits ({@code 172.17.0.2/16}).
 *
 * <pre>{@code
 * IpPrefix eth0 = IpPrefix.parse("172.17.0.2/16");
 * eth0.network();                 // 172.17.0.0/16
 * eth0.network().host(1);         // 172.17.0.1
 * eth0.contains(IpAddresses.parse("172.17.255.255"));   // true
 * }</pre>
 *
 * <p>{@link #toString()} is {@code address/length} with the canonical address text, and
 * {@link #parse} reads it back. Equality is by address and length, so {@code 172.17.0.2/16}
 * and {@code 172.17.0.0/16} differ; compare {@link #network()} to ignore host bits. Immutable
 * and thread-safe.
 *
 * @param address the address, with any host bits
 * @param length the prefix length, 0..32 for IPv4 and 0..128 for IPv6
 */
public record IpPrefix(InetAddress address, int length) {

  public IpPrefix {
    Objects.requireNonNull(address, "address");
    if (address instanceof Inet6Address && isScoped((Inet6Address) address)) {
      throw new IllegalArgumentException(
          "prefix address must not carry a scope: " + address.getHostAddress());
    }
    if (address instanceof Inet6Address && isIpv4Mapped(address.getAddress())) {
      // Its text would parse back as IPv4, so it could not round-trip.
      throw new IllegalArgumentException(
          "IPv4-mapped IPv6 prefixes are not supported: " + address.getHostAddress());
    }
    int bits = IpAddresses.bitLength(address);
    if (length < 0 || length > bits) {
      throw new IllegalArgumentException(
          "prefix length out of range 0.."
              + bits
              + " for "
              + (bits == 32 ? "IPv4" : "IPv6")
              + ": "
              + length);
    }
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  private static boolean isScoped(Inet6Address address) {
    return address.getScopeId() != 0 || address.getScopedInterface() != null;
  }

  /** The prefix of {@code address} with {@code length}, keeping host bits. */
  public static IpPrefix of(InetAddress address, int length) {
    return new IpPrefix(address, length);
  }

  /**
   * Parses {@code ADDRESS/LENGTH}, such as {@code 10.0.0.0/8}, {@code 172.17.0.2/16} or
   * {@code fd00::/64}. Host bits are kept.
   *
   * @throws IllegalArgumentException quoting {@code text} when the length is missing, not a
   *     number or out of range for the family, or the address is not an IP literal
   */
  public static IpPrefix parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "IP prefix must be ADDRESS/LENGTH, the length is missing: \"" + text + "\"");
    }
    String addressText = text.substring(0, slash);
    String lengthText = text.substring(slash + 1);
    if (lengthText.isEmpty()
        || lengthText.length() > 3
        || !lengthText.chars().allMatch(IpPrefix::isDigit)) {
      throw new IllegalArgumentException(
          "IP prefix length must be a decimal number: \"" + text + "\"");
    }
    InetAddress address;
    try {
      address = IpAddresses.parse(addressText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "IP prefix address is not an IP literal: \"" + text + "\"", e);
    }
    if (address instanceof Inet4Address && addressText.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "IPv4-mapped IPv6 prefixes are not supported: \"" + text + "\"");
    }
    int length = Integer.parseInt(lengthText);
    int bits = IpAddresses.bitLength(address);
    if (length > bits) {
      throw new IllegalArgumentException(
          "prefix length out of range 0.."
              + bits
              + " for "
              + (bits == 32 ? "IPv4" : "IPv6")
              + ": \""
              + text
              + "\"");
    }
    return new IpPrefix(address, length);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** Whether this is an IPv4 prefix. */
  public boolean isIpv4() {
    return address instanceof Inet4Address;
  }

  /** 32 for IPv4, 128 for IPv6. */
  public int bitLength() {
    return IpAddresses.bitLength(address);
  }

  /** The prefix with its host bits cleared: {@code 172.17.0.2/16} gives {@code 172.17.0.0/16}. */
  public IpPrefix network() {
    return isNetwork() ? this : new IpPrefix(networkAddress(), length);
  }

  /** Whether no host bits are set, so that this prefix names a network. */
  public boolean isNetwork() {
    byte[] bytes = address.getAddress();
    return Arrays.equals(bytes, masked(bytes, length, false));
  }

  /** The first address of the prefix (host bits cleared). */
  public InetAddress networkAddress() {
    return IpAddresses.fromBytes(masked(address.getAddress(), length, false));
  }

  /** The last address of the prefix (host bits set). */
  public InetAddress lastAddress() {
    return IpAddresses.fromBytes(masked(address.getAddress(), length, true));
  }

  /**
   * The IPv4 broadcast address, the last address of the prefix.
   *
   * @throws IllegalStateException for an IPv6 prefix, which has no broadcast address
   */
  public InetAddress broadcastAddress() {
    if (!isIpv4()) {
      throw new IllegalStateException("IPv6 has no broadcast address: " + this);
    }
    return lastAddress();
  }

  /** The mask as an address: {@code 255.255.0.0} for a /16, {@code ffff:ffff::} for a /32 IPv6. */
  public InetAddress netmask() {
    byte[] ones = new byte[bitLength() / 8];
    Arrays.fill(ones, (byte) 0xff);
    return IpAddresses.fromBytes(masked(ones, length, false));
  }

  /** Whether {@code other} lies in this prefix (false for the other address family). */
  public boolean contains(InetAddress other) {
    byte[] mine = address.getAddress();
    byte[] theirs = other.getAddress();
    return mine.length == theirs.length && samePrefix(mine, theirs, length);
  }

  /** Whether every address of {@code other} lies in this prefix. */
  public boolean contains(IpPrefix other) {
    return other.length >= length && contains(other.address);
  }

  /** Whether this prefix and {@code other} share at least one address. */
  public boolean overlaps(IpPrefix other) {
    byte[] mine = address.getAddress();
    byte[] theirs = other.address.getAddress();
    return mine.length == theirs.length
        && samePrefix(mine, theirs, Math.min(length, other.length));
  }

  /** How many addresses the prefix holds: 2^(bits - length). */
  public BigInteger size() {
    return BigInteger.ONE.shiftLeft(bitLength() - length);
  }

  /**
   * The {@code n}-th address counted from the network address: for {@code 172.17.0.0/16},
   * {@code host(0)} is 172.17.0.0 and {@code host(1)} is 172.17.0.1.
   *
   * @throws IllegalArgumentException when {@code n} is negative or not below {@link #size()}
   */
  public InetAddress host(long n) {
    BigInteger index = BigInteger.valueOf(n);
    if (n < 0 || index.compareTo(size()) >= 0) {
      throw new IllegalArgumentException(
          "host index out of range 0.."
              + size().subtract(BigInteger.ONE)
              + " for "
              + network()
              + ": "
              + n);
    }
    return IpAddresses.fromBigInteger(
        IpAddresses.toBigInteger(networkAddress()).add(index), !isIpv4());
  }

  /**
   * The same length with another address of the same family: {@code
   * 172.17.0.0/16.withAddress(172.17.0.2)} gives {@code 172.17.0.2/16}.
   *
   * @throws IllegalArgumentException when {@code newAddress} is of the other family
   */
  public IpPrefix withAddress(InetAddress newAddress) {
    if (IpAddresses.bitLength(newAddress) != bitLength()) {
      throw new IllegalArgumentException(
          "address "
              + IpAddresses.toString(newAddress)
              + " is not of the family of "
              + this);
    }
    return new IpPrefix(newAddress, length);
  }

  /** {@code address/length}, such as {@code 172.17.0.2/16} or {@code fd00::/64}. */
  @Override
  public String toString() {
    return IpAddresses.toString(address) + "/" + length;
  }

  /** Whether the first {@code bits} bits of {@code a} and {@code b} are equal. */
  static boolean samePrefix(byte[] a, byte[] b, int bits) {
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (b[full] & mask);
  }

  /** A copy of {@code bytes} with the bits after {@code bits} cleared, or set when {@code set}. */
  private static byte[] masked(byte[] bytes, int bits, boolean set) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      int mask = (0xff << (8 - keep)) & 0xff;
      out[i] = (byte) (set ? (out[i] | ~mask) : (out[i] & mask));
    }
    return out;
  }
}
