package io.netmodel.linux.rtnl;

import io.netmodel.linux.netlink.NetlinkAttribute;
import io.netmodel.linux.netlink.NetlinkProtocolException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP addresses to and from rtnetlink's raw 4- and 16-byte form, without name lookups. */
final class Inet {
  private Inet() {}

  /** The address family ({@code AF_INET} or {@code AF_INET6}) of {@code address}. */
  static int family(InetAddress address) {
    return address instanceof Inet4Address ? Rtnl.AF_INET : Rtnl.AF_INET6;
  }

  /** The address length of a family, or -1 for a family that is neither IPv4 nor IPv6. */
  static int length(int family) {
    switch (family) {
      case Rtnl.AF_INET:
        return 4;
      case Rtnl.AF_INET6:
        return 16;
      default:
        return -1;
    }
  }

  /** The attribute's value as an address of {@code family}. */
  static InetAddress address(NetlinkAttribute attribute, int family) {
    byte[] raw = attribute.bytes();
    if (raw.length != length(family)) {
      throw new NetlinkProtocolException(
          "address attribute " + attribute.type() + " of family " + family + " has "
              + raw.length + " bytes");
    }
    return fromBytes(raw);
  }

  /** The all-zero address of {@code family}. */
  static InetAddress any(int family) {
    return fromBytes(new byte[length(family)]);
  }

  private static InetAddress fromBytes(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }
}
