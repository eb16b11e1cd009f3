package io.netmodel.linux.nft;

import java.util.Objects;

/**
 * What makes a chain a base chain: its type, the hook it is attached to, its priority there
 * (lower runs first; {@code nft}'s {@code dstnat} is -100, {@code filter} 0, {@code srcnat}
 * 100) and its policy, the verdict for packets that no rule decided.
 *
 * <pre>{@code
 * ChainHook.of(NftChainType.NAT, NftHook.POSTROUTING, 100);          // policy accept
 * new ChainHook(NftChainType.FILTER, NftHook.FORWARD, 0, NftVerdict.DROP);
 * }</pre>
 */
public record ChainHook(NftChainType type, NftHook hook, int priority, NftVerdict policy) {
  public ChainHook {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(hook, "hook");
    Objects.requireNonNull(policy, "policy");
    if (!policy.equals(NftVerdict.ACCEPT) && !policy.equals(NftVerdict.DROP)) {
      throw new IllegalArgumentException("chain policy must be accept or drop: " + policy);
    }
  }

  /** A base chain with policy accept. */
  public static ChainHook of(NftChainType type, NftHook hook, int priority) {
    return new ChainHook(type, hook, priority, NftVerdict.ACCEPT);
  }
}
