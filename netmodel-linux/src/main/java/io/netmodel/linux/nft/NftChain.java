package io.netmodel.linux.nft;

import java.util.Objects;
import java.util.Optional;

/**
 * A chain as the kernel reports it: where it is, its handle, how many rules refer to it or are in
 * it ({@code use}) and, for a base chain, its hook. Immutable.
 */
public record NftChain(
    NftFamily family, String table, String name, long handle, int use, Optional<ChainHook> hook) {
  public NftChain {
    Objects.requireNonNull(family, "family");
    NftNames.check("table", table);
    NftNames.check("chain", name);
    Objects.requireNonNull(hook, "hook");
  }

  /** Whether it is a base chain, attached to a hook. */
  public boolean isBase() {
    return hook.isPresent();
  }
}
