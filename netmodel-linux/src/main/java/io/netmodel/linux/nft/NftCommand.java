package io.netmodel.linux.nft;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One change of an {@link NftBatch}: one nf_tables message. {@link #operation()} and {@link
 * #object()} name it in a {@link io.netmodel.api.KernelException} when the kernel refuses it.
 * The kinds are the records below; on Java 17 tell them apart with an {@code instanceof} chain.
 * All are immutable and validate their names (1 to 255 bytes, no NUL).
 */
public sealed interface NftCommand {

  /** The family of the table the command is about. */
  NftFamily family();

  /** The message's name, such as {@code "NFT_MSG_NEWRULE"}. */
  String operation();

  /** What the command is about, in words, such as {@code "rule in chain ip netmodel nat"}. */
  String object();

  /**
   * {@code NFT_MSG_NEWTABLE}: adds table {@code name}; unless {@code exclusive}, a table that
   * exists already is kept as it is ({@code nft add}); when {@code exclusive} it is an error
   * ({@code nft create}, {@code EEXIST}).
   */
  record AddTable(NftFamily family, String name, boolean exclusive) implements NftCommand {
    public AddTable {
      Objects.requireNonNull(family, "family");
      NftNames.check("table", name);
    }

    @Override
    public String operation() {
      return "NFT_MSG_NEWTABLE";
    }

    @Override
    public String object() {
      return "table " + family + " " + name;
    }
  }

  /** {@code NFT_MSG_DELTABLE}: deletes table {@code name} and everything in it. */
  record DeleteTable(NftFamily family, String name) implements NftCommand {
    public DeleteTable {
      Objects.requireNonNull(family, "family");
      NftNames.check("table", name);
    }

    @Override
    public String operation() {
      return "NFT_MSG_DELTABLE";
    }

    @Override
    public String object() {
      return "table " + family + " " + name;
    }
  }

  /**
   * {@code NFT_MSG_NEWCHAIN}: adds chain {@code name} to {@code table}: a base chain when {@code
   * hook} is present, else a regular chain that rules jump to. {@code exclusive} as for {@link
   * AddTable}.
   */
  record AddChain(
      NftFamily family, String table, String name, Optional<ChainHook> hook, boolean exclusive)
      implements NftCommand {
    public AddChain {
      Objects.requireNonNull(family, "family");
      NftNames.check("table", table);
      NftNames.check("chain", name);
      Objects.requireNonNull(hook, "hook");
    }

    @Override
    public String operation() {
      return "NFT_MSG_NEWCHAIN";
    }

    @Override
    public String object() {
      return "chain " + family + " " + table + " " + name;
    }
  }

  /** {@code NFT_MSG_DELCHAIN}: deletes chain {@code name}, which must hold no rules. */
  record DeleteChain(NftFamily family, String table, String name) implements NftCommand {
    public DeleteChain {
      Objects.requireNonNull(family, "family");
      NftNames.check("table", table);
      NftNames.check("chain", name);
    }

    @Override
    public String operation() {
      return "NFT_MSG_DELCHAIN";
    }

    @Override
    public String object() {
      return "chain " + family + " " + table + " " + name;
    }
  }

  /**
   * {@code NFT_MSG_NEWRULE}: adds a rule made of {@code expressions} to {@code chain}. Without
   * {@code position} it is appended at the end, or with {@code insert} put at the start; with a
   * position (a rule's handle) it goes after that rule, or with {@code insert} before it.
   */
  record AddRule(
      NftFamily family,
      String table,
      String chain,
      List<Expression> expressions,
      OptionalLong position,
      boolean insert)
      implements NftCommand {
    public AddRule {
      Objects.requireNonNull(family, "family");
      NftNames.check("table", table);
      NftNames.check("chain", chain);
      expressions = List.copyOf(expressions);
      if (expressions.isEmpty()) {
        throw new IllegalArgumentException(
            "a rule needs at least one expression: chain " + family + " " + table + " " + chain);
      }
      Objects.requireNonNull(position, "position");
      if (position.isPresent() && position.getAsLong() <= 0) {
        throw new IllegalArgumentException(
            "rule position must be a rule handle, above 0: " + position.getAsLong());
      }
    }

    /** A rule appended at the end of {@code chain}. */
    public static AddRule append(
        NftFamily family, String table, String chain, List<Expression> expressions) {
      return new AddRule(family, table, chain, expressions, OptionalLong.empty(), false);
    }

    @Override
    public String operation() {
      return "NFT_MSG_NEWRULE";
    }

    @Override
    public String object() {
      return "rule in chain " + family + " " + table + " " + chain;
    }
  }

  /** {@code NFT_MSG_DELRULE}: deletes the rule of {@code chain} whose handle is {@code handle}. */
  record DeleteRule(NftFamily family, String table, String chain, long handle)
      implements NftCommand {
    public DeleteRule {
      Objects.requireNonNull(family, "family");
      NftNames.check("table", table);
      NftNames.check("chain", chain);
      if (handle <= 0) {
        throw new IllegalArgumentException("rule handle must be above 0: " + handle);
      }
    }

    @Override
    public String operation() {
      return "NFT_MSG_DELRULE";
    }

    @Override
    public String object() {
      return "rule handle " + handle + " in chain " + family + " " + table + " " + chain;
    }
  }

  /**
   * {@code NFT_MSG_NEWSET}: adds a named set of keys of type {@code key} to {@code table}; {@code
   * flags} are {@code NFT_SET_*} bits such as {@link NfTables#NFT_SET_INTERVAL} (0 for a plain
   * set). Its {@code NFTA_SET_ID}, by which a {@link Expression.Lookup} of the same batch may
   * refer to it, is its position in the batch, counting from 1.
   */
  record AddSet(NftFamily family, String table, String name, NftSetKey key, int flags)
      implements NftCommand {
    public AddSet {
      Objects.requireNonNull(family, "family");
      NftNames.check("table", table);
      NftNames.check("set", name);
      Objects.requireNonNull(key, "key");
      if ((flags & (NfTables.NFT_SET_ANONYMOUS | NfTables.NFT_SET_MAP)) != 0 || flags < 0) {
        throw new IllegalArgumentException(
            "set flags must not include anonymous (0x1) or map (0x8): 0x"
                + Integer.toHexString(flags));
      }
    }

    @Override
    public String operation() {
      return "NFT_MSG_NEWSET";
    }

    @Override
    public String object() {
      return "set " + family + " " + table + " " + name;
    }
  }

  /** {@code NFT_MSG_DELSET}: deletes set {@code name}, which no rule may refer to. */
  record DeleteSet(NftFamily family, String table, String name) implements NftCommand {
    public DeleteSet {
      Objects.requireNonNull(family, "family");
      NftNames.check("table", table);
      NftNames.check("set", name);
    }

    @Override
    public String operation() {
      return "NFT_MSG_DELSET";
    }

    @Override
    public String object() {
      return "set " + family + " " + table + " " + name;
    }
  }

  /** {@code NFT_MSG_NEWSETELEM}: adds {@code keys} to set {@code set}. */
  record AddElements(NftFamily family, String table, String set, List<NftValue> keys)
      implements NftCommand {
    public AddElements {
      Objects.requireNonNull(family, "family");
      NftNames.check("table", table);
      NftNames.check("set", set);
      keys = requireKeys(keys, set);
    }

    @Override
    public String operation() {
      return "NFT_MSG_NEWSETELEM";
    }

    @Override
    public String object() {
      return keys + " in set " + family + " " + table + " " + set;
    }
  }

  /** {@code NFT_MSG_DELSETELEM}: removes {@code keys} from set {@code set}. */
  record DeleteElements(NftFamily family, String table, String set, List<NftValue> keys)
      implements NftCommand {
    public DeleteElements {
      Objects.requireNonNull(family, "family");
      NftNames.check("table", table);
      NftNames.check("set", set);
      keys = requireKeys(keys, set);
    }

    @Override
    public String operation() {
      return "NFT_MSG_DELSETELEM";
    }

    @Override
    public String object() {
      return keys + " in set " + family + " " + table + " " + set;
    }
  }

  private static List<NftValue> requireKeys(List<NftValue> keys, String set) {
    List<NftValue> copy = List.copyOf(keys);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("set elements must not be empty: set " + set);
    }
    return copy;
  }
}
