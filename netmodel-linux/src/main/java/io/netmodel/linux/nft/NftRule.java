package io.netmodel.linux.nft;

import java.util.List;
import java.util.Objects;

/**
 * A rule as the kernel reports it: where it is, its handle (what {@link
 * NftCommand.DeleteRule} takes) and its expressions. Immutable.
 */
public record NftRule(
    NftFamily family, String table, String chain, long handle, List<Expression> expressions) {
  public NftRule {
    Objects.requireNonNull(family, "family");
    NftNames.check("table", table);
    NftNames.check("chain", chain);
    expressions = List.copyOf(expressions);
  }
}
