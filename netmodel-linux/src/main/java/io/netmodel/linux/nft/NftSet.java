package io.netmodel.linux.nft;

import java.util.Objects;
import java.util.Optional;

/**
 * A named set as the kernel reports it: where it is, its handle, {@code NFT_SET_*} flags, the
 * key's length and, when {@code nft} or this package made it, the key's type. Immutable.
 */
public record NftSet(
    NftFamily family, String table, String name, long handle, int flags, int keyLength,
    Optional<NftSetKey> key) {
  public NftSet {
    Objects.requireNonNull(family, "family");
    NftNames.check("table", table);
    NftNames.check("set", name);
    Objects.requireNonNull(key, "key");
  }
}
