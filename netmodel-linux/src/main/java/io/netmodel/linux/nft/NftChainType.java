package io.netmodel.linux.nft;

import java.util.Locale;
import java.util.Optional;

/**
 * The type of a base chain ({@code NFTA_CHAIN_TYPE}): {@code filter}, {@code nat} or {@code
 * route}. {@link #toString()} is the name the kernel knows it by.
 */
public enum NftChainType {
  FILTER,
  NAT,
  ROUTE;

  /** The type named {@code name} by the kernel, if it is one of these. */
  public static Optional<NftChainType> ofName(String name) {
    for (NftChainType t : values()) {
      if (t.toString().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
