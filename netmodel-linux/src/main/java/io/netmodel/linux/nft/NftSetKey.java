package io.netmodel.linux.nft;

import java.util.Optional;

/**
 * The type of a set's keys. The kernel only checks the length; {@code nft} records the type in
 * {@code NFTA_SET_KEY_TYPE} with the numbers of its own {@code enum datatypes} and prints the
 * elements accordingly, so these use the same numbers.
 */
public enum NftSetKey {
  /** {@code ipv4_addr}: 4 bytes, network order. */
  IPV4_ADDR(7, 4),
  /** {@code ipv6_addr}: 16 bytes, network order. */
  IPV6_ADDR(8, 16),
  /** {@code inet_proto}: one byte, an IP protocol number. */
  INET_PROTO(12, 1),
  /** {@code inet_service}: 2 bytes, a port in network order. */
  INET_SERVICE(13, 2),
  /** {@code ifname}: an interface name padded with NUL bytes to 16 ({@code IFNAMSIZ}). */
  IFNAME(41, NftValue.IFNAMSIZ, true);

  private final int datatype;
  private final int length;
  private final boolean hostByteOrder;

  NftSetKey(int datatype, int length) {
    this(datatype, length, false);
  }

  NftSetKey(int datatype, int length, boolean hostByteOrder) {
    this.datatype = datatype;
    this.length = length;
    this.hostByteOrder = hostByteOrder;
  }

  /**
   * Whether {@code nft} holds these keys in host byte order (strings such as interface names)
   * rather than network order; it is told so in the set's user data, to print them right.
   */
  public boolean hostByteOrder() {
    return hostByteOrder;
  }

  /** {@code nft}'s datatype number, sent as {@code NFTA_SET_KEY_TYPE}. */
  public int datatype() {
    return datatype;
  }

  /** The key's length in bytes, {@code NFTA_SET_KEY_LEN}. */
  public int length() {
    return length;
  }

  /** The key type of datatype number {@code datatype}, if it is one of these. */
  public static Optional<NftSetKey> ofDatatype(int datatype) {
    for (NftSetKey k : values()) {
      if (k.datatype == datatype) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
