package io.netmodel.linux.nft;

import java.util.Locale;
import java.util.Optional;

/**
 * A netfilter hook of the ip, ip6 and inet families ({@code enum nf_inet_hooks}) that a base
 * chain is attached to. {@link #toString()} is {@code nft}'s keyword ({@code prerouting}, {@code
 * input}, {@code forward}, {@code output}, {@code postrouting}).
 */
public enum NftHook {
  PREROUTING(Netfilter.NF_INET_PRE_ROUTING),
  INPUT(Netfilter.NF_INET_LOCAL_IN),
  FORWARD(Netfilter.NF_INET_FORWARD),
  OUTPUT(Netfilter.NF_INET_LOCAL_OUT),
  POSTROUTING(Netfilter.NF_INET_POST_ROUTING);

  private final int number;

  NftHook(int number) {
    this.number = number;
  }

  /** The {@code NF_INET_*} number. */
  public int number() {
    return number;
  }

  /** The hook numbered {@code number}, if it is one of these. */
  public static Optional<NftHook> ofNumber(int number) {
    for (NftHook h : values()) {
      if (h.number == number) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
