package io.netmodel.linux.nft;

import java.util.Locale;
import java.util.Optional;

/**
 * The address family of an nf_tables table, as {@code nft} names it: {@code ip}, {@code ip6},
 * {@code inet}, {@code arp}, {@code bridge} or {@code netdev}. Its {@link #nfproto()} is the
 * {@code nfgen_family} of every message about the table and its contents.
 *
 * <p>{@link #toString()} is the keyword, which {@link #parse} reads back.
 */
public enum NftFamily {
  IP(Netfilter.NFPROTO_IPV4),
  IP6(Netfilter.NFPROTO_IPV6),
  INET(Netfilter.NFPROTO_INET),
  ARP(Netfilter.NFPROTO_ARP),
  BRIDGE(Netfilter.NFPROTO_BRIDGE),
  NETDEV(Netfilter.NFPROTO_NETDEV);

  private final int nfproto;

  NftFamily(int nfproto) {
    this.nfproto = nfproto;
  }

  /** The {@code NFPROTO_*} value. */
  public int nfproto() {
    return nfproto;
  }

  /** The family of an {@code NFPROTO_*} value, if it is one of these. */
  public static Optional<NftFamily> ofNfproto(int nfproto) {
    for (NftFamily f : values()) {
      if (f.nfproto == nfproto) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * The family named {@code text} ({@code ip}, {@code ip6}, {@code inet}, {@code arp}, {@code
   * bridge}, {@code netdev}).
   *
   * @throws IllegalArgumentException quoting {@code text} when it names none
   */
  public static NftFamily parse(String text) {
    for (NftFamily f : values()) {
      if (f.toString().equals(text)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "nf_tables family must be ip, ip6, inet, arp, bridge or netdev: \"" + text + "\"");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
