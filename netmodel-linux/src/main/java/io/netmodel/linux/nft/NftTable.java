package io.netmodel.linux.nft;

import java.util.Objects;

/**
 * A table as the kernel reports it: family, name, handle, {@code NFT_TABLE_F_*} flags and how
 * many chains and sets it holds ({@code use}). Immutable.
 */
public record NftTable(NftFamily family, String name, long handle, int flags, int use) {
  public NftTable {
    Objects.requireNonNull(family, "family");
    NftNames.check("table", name);
  }
}
