package io.netmodel.core.kernel;

import io.netmodel.api.net.MacAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Attributes set in the same request that creates a link, to save round trips: MTU, MAC,
 * master bridge (by index), interface group, and whether the link comes up at once. Empty
 * (and not up) means the kernel's default.
 */
public record LinkOptions(
    OptionalInt mtu,
    Optional<MacAddress> macAddress,
    OptionalInt master,
    OptionalInt group,
    boolean up) {

  private static final LinkOptions NONE =
      new LinkOptions(
          OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), false);

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
    return new LinkOptions(OptionalInt.of(value), macAddress, master, group, up);
  }

  public LinkOptions withMacAddress(MacAddress value) {
    return new LinkOptions(mtu, Optional.of(value), master, group, up);
  }

  public LinkOptions withMaster(int bridgeIndex) {
    return new LinkOptions(mtu, macAddress, OptionalInt.of(bridgeIndex), group, up);
  }

  public LinkOptions withGroup(int value) {
    return new LinkOptions(mtu, macAddress, master, OptionalInt.of(value), up);
  }

  /**
   * Up as soon as created, by the creating request itself ({@code IFF_UP} in Linux's {@code
   * ifinfomsg}), not by a change after it.
   */
  public LinkOptions withUp() {
    return new LinkOptions(mtu, macAddress, master, group, true);
  }

  /** Refuses an MTU outside what an Ethernet-like device takes, quoting it. */
  static int checkMtu(int mtu) {
    if (mtu < 68 || mtu > 65535) {
      throw new IllegalArgumentException("MTU out of range 68..65535: " + mtu);
    }
    return mtu;
  }
}
