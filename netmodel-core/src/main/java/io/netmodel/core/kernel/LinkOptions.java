package io.netmodel.core.kernel;

import io.netmodel.api.net.MacAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Attributes set in the same request that creates a link, to save round trips: MTU, MAC,
 * master bridge (by index) and interface group. Empty means the kernel's default.
 */
public record LinkOptions(
    OptionalInt mtu, Optional<MacAddress> macAddress, OptionalInt master, OptionalInt group) {

  private static final LinkOptions NONE =
      new LinkOptions(OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty());

  public LinkOptions {
    Objects.requireNonNull(mtu, "mtu");
    Objects.requireNonNull(macAddress, "macAddress");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(group, "group");
    mtu.ifPresent(LinkOptions::checkMtu);
    master.ifPresent(
        index -> {
          if (index <= 0) {
            throw new IllegalArgumentException("master index must be positive: " + index);
          }
        });
  }

  /** No attributes beyond the kind's own. */
  public static LinkOptions none() {
    return NONE;
  }

  public LinkOptions withMtu(int value) {
    return new LinkOptions(OptionalInt.of(value), macAddress, master, group);
  }

  public LinkOptions withMacAddress(MacAddress value) {
    return new LinkOptions(mtu, Optional.of(value), master, group);
  }

  public LinkOptions withMaster(int bridgeIndex) {
    return new LinkOptions(mtu, macAddress, OptionalInt.of(bridgeIndex), group);
  }

  public LinkOptions withGroup(int value) {
    return new LinkOptions(mtu, macAddress, master, OptionalInt.of(value));
  }

  /** Refuses an MTU outside what an Ethernet-like device takes, quoting it. */
  static int checkMtu(int mtu) {
    if (mtu < 68 || mtu > 65535) {
      throw new IllegalArgumentException("MTU out of range 68..65535: " + mtu);
    }
    return mtu;
  }
}
