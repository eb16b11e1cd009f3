package io.netmodel.linux.nft;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.Protocol;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The expressions of common matches and statements, as {@code nft} compiles them; join them with
 * {@link #rule}. An address match is of the family of its prefix: in a table of family {@code
 * inet} put {@link #protocolFamily} before it, as {@code nft} does.
 *
 * <pre>{@code
 * // ip saddr 10.213.0.0/24 oifname != "br0" masquerade
 * List<Expression> masquerade = NftMatch.rule(
 *     NftMatch.ipv4Source(Expression.Cmp.Op.EQ, IpPrefix.parse("10.213.0.0/24")),
 *     NftMatch.outputInterface(Expression.Cmp.Op.NEQ, InterfaceName.of("br0")),
 *     List.of(NftMatch.masquerade()));
 * // tcp dport 8080 dnat to 10.213.0.2:80
 * List<Expression> dnat = NftMatch.rule(
 *     NftMatch.destinationPort(Protocol.TCP, 8080),
 *     NftMatch.dnat(IpAddresses.parse("10.213.0.2"), OptionalInt.of(80)));
 * // fib daddr type local jump ports
 * List<Expression> toLocal = NftMatch.rule(
 *     NftMatch.fibDestinationType(Netfilter.RTN_LOCAL),
 *     List.of(NftMatch.verdict(NftVerdict.jump("ports"))));
 * }</pre>
 *
 * <p>Matches load into {@link NftRegister#REG_1}; {@link #dnat} uses {@code REG_1} and {@code
 * REG_2}. Stateless; thread-safe.
 */
public final class NftMatch {
  // IPv4 header (RFC 791): source and destination address offsets.
  private static final int IPV4_SADDR_OFFSET = 12;
  private static final int IPV4_DADDR_OFFSET = 16;
  // IPv6 header (RFC 8200): source and destination address offsets.
  private static final int IPV6_SADDR_OFFSET = 8;
  private static final int IPV6_DADDR_OFFSET = 24;
  // TCP, UDP and SCTP headers: the destination port's offset.
  private static final int DPORT_OFFSET = 2;

  private NftMatch() {}

  /** The parts joined in order into one rule's expressions. */
  @SafeVarargs
  public static List<Expression> rule(List<Expression>... parts) {
    List<Expression> out = new ArrayList<>();
    for (List<Expression> part : parts) {
      out.addAll(part);
    }
    return List.copyOf(out);
  }

  /** {@code ip saddr PREFIX} ({@code op} EQ) or {@code ip saddr != PREFIX} ({@code op} NEQ). */
  public static List<Expression> ipv4Source(Expression.Cmp.Op op, IpPrefix prefix) {
    requireFamily(prefix, true);
    return addressField(IPV4_SADDR_OFFSET, op, prefix);
  }

  /** {@code ip daddr PREFIX} ({@code op} EQ) or {@code ip daddr != PREFIX} ({@code op} NEQ). */
  public static List<Expression> ipv4Destination(Expression.Cmp.Op op, IpPrefix prefix) {
    requireFamily(prefix, true);
    return addressField(IPV4_DADDR_OFFSET, op, prefix);
  }

  /** {@code ip6 saddr PREFIX} ({@code op} EQ) or {@code ip6 saddr != PREFIX} ({@code op} NEQ). */
  public static List<Expression> ipv6Source(Expression.Cmp.Op op, IpPrefix prefix) {
    requireFamily(prefix, false);
    return addressField(IPV6_SADDR_OFFSET, op, prefix);
  }

  /** {@code ip6 daddr PREFIX} ({@code op} EQ) or {@code ip6 daddr != PREFIX} ({@code op} NEQ). */
  public static List<Expression> ipv6Destination(Expression.Cmp.Op op, IpPrefix prefix) {
    requireFamily(prefix, false);
    return addressField(IPV6_DADDR_OFFSET, op, prefix);
  }

  /**
   * {@code ip saddr ADDRESS} or {@code ip6 saddr ADDRESS} (with NEQ, {@code !=}): the source is
   * exactly {@code address}, of either family.
   */
  public static List<Expression> source(Expression.Cmp.Op op, InetAddress address) {
    IpPrefix host = IpPrefix.of(address, IpAddresses.bitLength(address));
    return host.isIpv4() ? ipv4Source(op, host) : ipv6Source(op, host);
  }

  /**
   * {@code ip daddr ADDRESS} or {@code ip6 daddr ADDRESS} (with NEQ, {@code !=}): the destination
   * is exactly {@code address}, of either family.
   */
  public static List<Expression> destination(Expression.Cmp.Op op, InetAddress address) {
    IpPrefix host = IpPrefix.of(address, IpAddresses.bitLength(address));
    return host.isIpv4() ? ipv4Destination(op, host) : ipv6Destination(op, host);
  }

  /**
   * {@code meta nfproto ipv4} (or {@code ipv6}): the packet is of {@code family}, {@link
   * NftFamily#IP} or {@link NftFamily#IP6}; what {@code nft} puts before an address match in a
   * table of family {@code inet}.
   */
  public static List<Expression> protocolFamily(NftFamily family) {
    if (family != NftFamily.IP && family != NftFamily.IP6) {
      throw new IllegalArgumentException("packet family must be ip or ip6: " + family);
    }
    return List.of(
        new Expression.Meta(Expression.Meta.Key.NFPROTO, NftRegister.REG_1),
        Expression.Cmp.eq(NftRegister.REG_1, NftValue.ofU8(family.nfproto())));
  }

  /**
   * {@code fib saddr type TYPE}: the route to the packet's source address is of type {@code
   * routeType}, an {@code RTN_*} number such as {@link Netfilter#RTN_LOCAL} (the source is an
   * address of this host).
   */
  public static List<Expression> fibSourceType(int routeType) {
    return fibType(NfTables.NFTA_FIB_F_SADDR, routeType);
  }

  /**
   * {@code fib daddr type TYPE}: the route to the packet's destination address is of type {@code
   * routeType}, such as {@link Netfilter#RTN_LOCAL} (the packet is for this host).
   */
  public static List<Expression> fibDestinationType(int routeType) {
    return fibType(NfTables.NFTA_FIB_F_DADDR, routeType);
  }

  /**
   * {@code ct status BITS}: the connection has one of the {@code Netfilter.IPS_*} bits {@code
   * bits} set, such as {@link Netfilter#IPS_DST_NAT} ({@code ct status dnat}).
   */
  public static List<Expression> ctStatusAny(int bits) {
    return ctStatus(bits, Expression.Cmp.Op.NEQ);
  }

  /**
   * {@code ct status & BITS == 0}: the connection has none of the {@code Netfilter.IPS_*} bits
   * {@code bits} set.
   */
  public static List<Expression> ctStatusNone(int bits) {
    return ctStatus(bits, Expression.Cmp.Op.EQ);
  }

  /** {@code iifname NAME} or, with NEQ, {@code iifname != NAME}. */
  public static List<Expression> inputInterface(Expression.Cmp.Op op, InterfaceName name) {
    return interfaceName(Expression.Meta.Key.IIFNAME, op, name);
  }

  /** {@code oifname NAME} or, with NEQ, {@code oifname != NAME}. */
  public static List<Expression> outputInterface(Expression.Cmp.Op op, InterfaceName name) {
    return interfaceName(Expression.Meta.Key.OIFNAME, op, name);
  }

  /**
   * {@code oifname @SET}: the output interface's name is a key of set {@code set} (of {@link
   * NftSetKey#IFNAME} keys).
   */
  public static List<Expression> outputInterfaceIn(String set) {
    return List.of(
        new Expression.Meta(Expression.Meta.Key.OIFNAME, NftRegister.REG_1),
        Expression.Lookup.of(set, NftRegister.REG_1));
  }

  /** {@code meta l4proto PROTOCOL}. */
  public static List<Expression> l4Protocol(Protocol protocol) {
    return List.of(
        new Expression.Meta(Expression.Meta.Key.L4PROTO, NftRegister.REG_1),
        Expression.Cmp.eq(NftRegister.REG_1, NftValue.ofU8(protocol.ipProtocol())));
  }

  /** {@code tcp dport PORT} (or udp, sctp). */
  public static List<Expression> destinationPort(Protocol protocol, int port) {
    checkPort(port);
    return rule(l4Protocol(protocol), List.of(
        destinationPortLoad(),
        Expression.Cmp.eq(NftRegister.REG_1, NftValue.ofBe16(port))));
  }

  /** {@code tcp dport @SET} (or udp, sctp): the port is in set {@code set}. */
  public static List<Expression> destinationPortIn(Protocol protocol, String set) {
    return rule(l4Protocol(protocol), List.of(
        destinationPortLoad(), Expression.Lookup.of(set, NftRegister.REG_1)));
  }

  /**
   * {@code ct state STATES}: the connection's state is one of {@code states}, a mask of {@code
   * Netfilter.NF_CT_STATE_*_BIT}.
   */
  public static List<Expression> ctState(int states) {
    if (states == 0) {
      throw new IllegalArgumentException("ct state mask must name at least one state: 0");
    }
    return List.of(
        new Expression.Ct(Expression.Ct.Key.STATE, NftRegister.REG_1),
        new Expression.Bitwise(NftRegister.REG_1, NftRegister.REG_1,
            NftValue.ofNativeU32(states), NftValue.ofNativeU32(0)),
        Expression.Cmp.neq(NftRegister.REG_1, NftValue.ofNativeU32(0)));
  }

  /** {@code dnat to ADDRESS[:PORT]}. */
  public static List<Expression> dnat(InetAddress address, OptionalInt port) {
    Objects.requireNonNull(address, "address");
    NftFamily family = address instanceof Inet4Address ? NftFamily.IP : NftFamily.IP6;
    List<Expression> out = new ArrayList<>();
    out.add(new Expression.Immediate(NftRegister.REG_1, NftValue.ofAddress(address)));
    Optional<NftRegister> portRegister = Optional.empty();
    if (port.isPresent()) {
      checkPort(port.getAsInt());
      out.add(new Expression.Immediate(NftRegister.REG_2, NftValue.ofBe16(port.getAsInt())));
      portRegister = Optional.of(NftRegister.REG_2);
    }
    out.add(Expression.Nat.dnat(family, NftRegister.REG_1, portRegister));
    return List.copyOf(out);
  }

  /** {@code masquerade}. */
  public static Expression masquerade() {
    return Expression.Masquerade.of();
  }

  /** {@code counter}. */
  public static Expression counter() {
    return Expression.Counter.of();
  }

  /** A verdict statement: {@code accept}, {@code drop}, {@code jump CHAIN}... */
  public static Expression verdict(NftVerdict verdict) {
    return new Expression.ImmediateVerdict(verdict);
  }

  private static Expression destinationPortLoad() {
    return new Expression.Payload(
        Expression.Payload.Base.TRANSPORT, DPORT_OFFSET, 2, NftRegister.REG_1);
  }

  private static List<Expression> interfaceName(
      Expression.Meta.Key key, Expression.Cmp.Op op, InterfaceName name) {
    return List.of(
        new Expression.Meta(key, NftRegister.REG_1),
        new Expression.Cmp(op, NftRegister.REG_1, NftValue.ofInterfaceName(name)));
  }

  private static List<Expression> fibType(int address, int routeType) {
    if (routeType < 0 || routeType > 0xff) {
      throw new IllegalArgumentException("route type out of range 0..255: " + routeType);
    }
    return List.of(
        new Expression.Fib(Expression.Fib.Result.ADDRTYPE, address, NftRegister.REG_1),
        Expression.Cmp.eq(NftRegister.REG_1, NftValue.ofNativeU32(routeType)));
  }

  private static List<Expression> ctStatus(int bits, Expression.Cmp.Op op) {
    if (bits == 0) {
      throw new IllegalArgumentException("ct status mask must name at least one bit: 0");
    }
    return List.of(
        new Expression.Ct(Expression.Ct.Key.STATUS, NftRegister.REG_1),
        new Expression.Bitwise(NftRegister.REG_1, NftRegister.REG_1,
            NftValue.ofNativeU32(bits), NftValue.ofNativeU32(0)),
        new Expression.Cmp(op, NftRegister.REG_1, NftValue.ofNativeU32(0)));
  }

  private static void requireFamily(IpPrefix prefix, boolean ipv4) {
    if (prefix.isIpv4() != ipv4) {
      throw new IllegalArgumentException(
          "prefix must be " + (ipv4 ? "IPv4 to match ip" : "IPv6 to match ip6") + ": " + prefix);
    }
  }

  // As nft: a prefix on a byte boundary loads and compares only its bytes; another is masked.
  private static List<Expression> addressField(int offset, Expression.Cmp.Op op, IpPrefix prefix) {
    Objects.requireNonNull(op, "op");
    if (prefix.length() == 0) {
      throw new IllegalArgumentException(
          "prefix /0 matches every address, leave the match out: " + prefix);
    }
    byte[] network = prefix.networkAddress().getAddress();
    if (prefix.length() % 8 == 0) {
      int bytes = prefix.length() / 8;
      return List.of(
          new Expression.Payload(Expression.Payload.Base.NETWORK, offset, bytes, NftRegister.REG_1),
          new Expression.Cmp(op, NftRegister.REG_1,
              NftValue.of(Arrays.copyOf(network, bytes))));
    }
    return List.of(
        new Expression.Payload(
            Expression.Payload.Base.NETWORK, offset, network.length, NftRegister.REG_1),
        new Expression.Bitwise(NftRegister.REG_1, NftRegister.REG_1,
            NftValue.ofAddress(prefix.netmask()), NftValue.of(new byte[network.length])),
        new Expression.Cmp(op, NftRegister.REG_1, NftValue.of(network)));
  }

  private static void checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1..65535: " + port);
    }
  }
}
