package io.netmodel.linux.nft;

import java.util.Objects;
import java.util.Optional;

/**
 * A verdict: what a rule's {@link Expression.ImmediateVerdict} or a base chain's policy decides.
 * {@code code} is {@link Netfilter#NF_ACCEPT}, {@link Netfilter#NF_DROP}, or one of nf_tables'
 * own {@link NfTables#NFT_JUMP}, {@link NfTables#NFT_GOTO}, {@link NfTables#NFT_RETURN}, {@link
 * NfTables#NFT_CONTINUE}; jumps and gotos name their chain.
 *
 * <pre>{@code
 * NftVerdict.ACCEPT;  NftVerdict.jump("isolate");  NftVerdict.parse("goto isolate");
 * }</pre>
 *
 * <p>{@link #toString()} is {@code nft}'s wording ({@code accept}, {@code drop}, {@code jump
 * CHAIN}, {@code goto CHAIN}, {@code return}, {@code continue}), which {@link #parse} reads back.
 */
public record NftVerdict(int code, Optional<String> chain) {
  public static final NftVerdict ACCEPT = new NftVerdict(Netfilter.NF_ACCEPT, Optional.empty());
  public static final NftVerdict DROP = new NftVerdict(Netfilter.NF_DROP, Optional.empty());
  public static final NftVerdict RETURN = new NftVerdict(NfTables.NFT_RETURN, Optional.empty());
  public static final NftVerdict CONTINUE =
      new NftVerdict(NfTables.NFT_CONTINUE, Optional.empty());

  public NftVerdict {
    Objects.requireNonNull(chain, "chain");
    boolean toChain = code == NfTables.NFT_JUMP || code == NfTables.NFT_GOTO;
    if (!toChain && code != Netfilter.NF_ACCEPT && code != Netfilter.NF_DROP
        && code != NfTables.NFT_RETURN && code != NfTables.NFT_CONTINUE) {
      throw new IllegalArgumentException(
          "verdict code must be accept (1), drop (0), jump (-3), goto (-4), return (-5) or"
              + " continue (-1): " + code);
    }
    if (toChain != chain.isPresent()) {
      throw new IllegalArgumentException(
          "a jump or goto verdict, and only those, names a chain: code " + code + ", chain "
              + chain);
    }
    chain.ifPresent(c -> NftNames.check("chain", c));
  }

  /** Jumps to {@code chain}, returning here when it ends or returns. */
  public static NftVerdict jump(String chain) {
    return new NftVerdict(NfTables.NFT_JUMP, Optional.of(chain));
  }

  /** Goes to {@code chain} for good: its end is this chain's end. */
  public static NftVerdict goTo(String chain) {
    return new NftVerdict(NfTables.NFT_GOTO, Optional.of(chain));
  }

  /**
   * The verdict {@code nft} writes as {@code text}.
   *
   * @throws IllegalArgumentException quoting {@code text} when it is no verdict
   */
  public static NftVerdict parse(String text) {
    switch (text) {
      case "accept":
        return ACCEPT;
      case "drop":
        return DROP;
      case "return":
        return RETURN;
      case "continue":
        return CONTINUE;
      default:
        if (text.startsWith("jump ")) {
          return jump(text.substring(5));
        }
        if (text.startsWith("goto ")) {
          return goTo(text.substring(5));
        }
        throw new IllegalArgumentException(
            "verdict must be accept, drop, return, continue, jump CHAIN or goto CHAIN: \""
                + text + "\"");
    }
  }

  @Override
  public String toString() {
    switch (code) {
      case Netfilter.NF_ACCEPT:
        return "accept";
      case Netfilter.NF_DROP:
        return "drop";
      case NfTables.NFT_RETURN:
        return "return";
      case NfTables.NFT_CONTINUE:
        return "continue";
      case NfTables.NFT_JUMP:
        return "jump " + chain.orElseThrow();
      default:
        return "goto " + chain.orElseThrow();
    }
  }
}
