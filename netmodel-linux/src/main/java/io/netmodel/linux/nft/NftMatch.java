package io.netmodel.linux.nft;

import io.netmodel.api.net.InterfaceName;
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
 * The expressions of common matches and statements, as {@code nft} compiles them for tables of
 * family {@code ip}; join them with {@link #rule}.
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
 * }</pre>
 *
 * <p>Matches load into {@link NftRegister#REG_1}; {@link #dnat} uses {@code REG_1} and {@code
 * REG_2}. Stateless; thread-safe.
 */
public final class NftMatch {
  // IPv4 header (RFC 791): source and destination address offsets.
  private static final int IPV4_SADDR_OFFSET = 12;
  private static final int IPV4_DADDR_OFFSET = 16;
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
    return ipv4Field(IPV4_SADDR_OFFSET, op, prefix);
  }

  /** {@code ip daddr PREFIX} ({@code op} EQ) or {@code ip daddr != PREFIX} ({@code op} NEQ). */
  public static List<Expression> ipv4Destination(Expression.Cmp.Op op, IpPrefix prefix) {
    return ipv4Field(IPV4_DADDR_OFFSET, op, prefix);
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

  // As nft: a prefix on a byte boundary loads and compares only its bytes; another is masked.
  private static List<Expression> ipv4Field(int offset, Expression.Cmp.Op op, IpPrefix prefix) {
    Objects.requireNonNull(op, "op");
    if (!prefix.isIpv4()) {
      throw new IllegalArgumentException("prefix must be IPv4 in an ip table: " + prefix);
    }
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
        new Expression.Payload(Expression.Payload.Base.NETWORK, offset, 4, NftRegister.REG_1),
        new Expression.Bitwise(NftRegister.REG_1, NftRegister.REG_1,
            NftValue.ofAddress(prefix.netmask()), NftValue.of(new byte[4])),
        new Expression.Cmp(op, NftRegister.REG_1, NftValue.of(network)));
  }

  private static void checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1..65535: " + port);
    }
  }
}
