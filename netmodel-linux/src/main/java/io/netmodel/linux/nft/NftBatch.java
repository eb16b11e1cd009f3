package io.netmodel.linux.nft;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An nf_tables transaction: changes that the kernel applies together, all of them or, when one
 * fails, none ({@code NFNL_MSG_BATCH_BEGIN}, the commands, {@code NFNL_MSG_BATCH_END}, sent as
 * one datagram by {@link NftClient#apply}). Later commands may refer to what earlier ones add.
 *
 * <pre>{@code
 * NftBatch batch = NftBatch.builder()
 *     .addTable(NftFamily.IP, "netmodel")
 *     .addBaseChain(NftFamily.IP, "netmodel", "postrouting",
 *         ChainHook.of(NftChainType.NAT, NftHook.POSTROUTING, 100))
 *     .appendRule(NftFamily.IP, "netmodel", "postrouting", List.of(NftMatch.masquerade()))
 *     .build();
 * }</pre>
 *
 * <p>Immutable; the builder is not thread-safe.
 */
public record NftBatch(List<NftCommand> commands) {
  public NftBatch {
    commands = List.copyOf(commands);
    if (commands.isEmpty()) {
      throw new IllegalArgumentException("an nf_tables batch needs at least one command");
    }
  }

  /** A batch of these commands, in order. */
  public static NftBatch of(List<NftCommand> commands) {
    return new NftBatch(commands);
  }

  /** A batch of these commands, in order. */
  public static NftBatch of(NftCommand... commands) {
    return new NftBatch(List.of(commands));
  }

  /** A builder of a batch, empty. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects commands in order; each method validates its arguments at once. */
  public static final class Builder {
    private final List<NftCommand> commands = new ArrayList<>();

    private Builder() {}

    /** Adds any command. */
    public Builder add(NftCommand command) {
      commands.add(Objects.requireNonNull(command, "command"));
      return this;
    }

    /** Adds table {@code name}, keeping it if it exists ({@code nft add table}). */
    public Builder addTable(NftFamily family, String name) {
      return add(new NftCommand.AddTable(family, name, false));
    }

    /** Adds table {@code name}; fails with {@code EEXIST} if it exists ({@code nft create}). */
    public Builder createTable(NftFamily family, String name) {
      return add(new NftCommand.AddTable(family, name, true));
    }

    /** Deletes table {@code name} with everything in it. */
    public Builder deleteTable(NftFamily family, String name) {
      return add(new NftCommand.DeleteTable(family, name));
    }

    /** Adds regular chain {@code name}, keeping it if it exists. */
    public Builder addChain(NftFamily family, String table, String name) {
      return add(new NftCommand.AddChain(family, table, name, Optional.empty(), false));
    }

    /** Adds base chain {@code name} attached to {@code hook}, keeping it if it exists. */
    public Builder addBaseChain(NftFamily family, String table, String name, ChainHook hook) {
      return add(new NftCommand.AddChain(family, table, name, Optional.of(hook), false));
    }

    /** Deletes chain {@code name}, which must hold no rules. */
    public Builder deleteChain(NftFamily family, String table, String name) {
      return add(new NftCommand.DeleteChain(family, table, name));
    }

    /** Appends a rule at the end of {@code chain}. */
    public Builder appendRule(
        NftFamily family, String table, String chain, List<Expression> expressions) {
      return add(NftCommand.AddRule.append(family, table, chain, expressions));
    }

    /** Inserts a rule at the start of {@code chain}. */
    public Builder insertRule(
        NftFamily family, String table, String chain, List<Expression> expressions) {
      return add(
          new NftCommand.AddRule(family, table, chain, expressions, OptionalLong.empty(), true));
    }

    /** Adds a rule to {@code chain} right after the rule whose handle is {@code handle}. */
    public Builder appendRuleAfter(
        NftFamily family, String table, String chain, long handle,
        List<Expression> expressions) {
      return add(
          new NftCommand.AddRule(family, table, chain, expressions, OptionalLong.of(handle),
              false));
    }

    /** Deletes the rule of {@code chain} whose handle is {@code handle}. */
    public Builder deleteRule(NftFamily family, String table, String chain, long handle) {
      return add(new NftCommand.DeleteRule(family, table, chain, handle));
    }

    /** Adds a plain named set of {@code key}s. */
    public Builder addSet(NftFamily family, String table, String name, NftSetKey key) {
      return add(new NftCommand.AddSet(family, table, name, key, 0));
    }

    /** Deletes set {@code name}. */
    public Builder deleteSet(NftFamily family, String table, String name) {
      return add(new NftCommand.DeleteSet(family, table, name));
    }

    /** Adds {@code keys} to set {@code set}. */
    public Builder addElements(NftFamily family, String table, String set, List<NftValue> keys) {
      return add(new NftCommand.AddElements(family, table, set, keys));
    }

    /** Removes {@code keys} from set {@code set}. */
    public Builder deleteElements(
        NftFamily family, String table, String set, List<NftValue> keys) {
      return add(new NftCommand.DeleteElements(family, table, set, keys));
    }

    /**
     * The batch.
     *
     * @throws IllegalArgumentException if no command was added
     */
    public NftBatch build() {
      return new NftBatch(commands);
    }
  }
}
