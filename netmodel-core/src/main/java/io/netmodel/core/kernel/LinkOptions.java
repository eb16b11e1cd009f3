package io.netmodel.core.kernel;

import io.netmodel.api.net.MacAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Attributes set with the request that creates a link, to save round trips: MTU, MAC, master
 * bridge (by index), interface group, whether the link comes up at once, and whether it makes
 * IPv6 addresses of its own. Empty (and false) means the kernel's default.
 */
public record LinkOptions(
    OptionalInt mtu,
    Optional<MacAddress> macAddress,
    OptionalInt master,
    OptionalInt group,
    boolean up,
    boolean noIpv6Addresses) {

  private static final LinkOptions NONE =
      new LinkOptions(
          OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), false,
          false);

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
    return new LinkOptions(OptionalInt.of(value), macAddress, master, group, up, noIpv6Addresses);
  }

  public LinkOptions withMacAddress(MacAddress value) {
    return new LinkOptions(mtu, Optional.of(value), master, group, up, noIpv6Addresses);
  }

  public LinkOptions withMaster(int bridgeIndex) {
    return new LinkOptions(
        mtu, macAddress, OptionalInt.of(bridgeIndex), group, up, noIpv6Addresses);
  }

  public LinkOptions withGroup(int value) {
    return new LinkOptions(mtu, macAddress, master, OptionalInt.of(value), up, noIpv6Addresses);
  }

  /**
   * Up as soon as created, by the creating request itself ({@code IFF_UP} in Linux's {@code
   * ifinfomsg}), not by a change after it.
   */
  public LinkOptions withUp() {
    return new LinkOptions(mtu, macAddress, master, group, true, noIpv6Addresses);
  }

  /**
   * No IPv6 address made by the link itself (Linux: address generation mode {@code none}, {@code
   * IFLA_INET6_ADDR_GEN_MODE}, set before the link comes up): no link-local address, so it sends
   * no IPv6 of its own (duplicate address detection, router solicitations, MLD reports) until
   * given an address. For bridge ports, which need no address: on a bridge every such packet is
   * flooded to every other port. Needs a kernel with IPv6; the link itself only (not a veth's
   * peer, nor a link created in another namespace).
   */
  public LinkOptions withoutIpv6Addresses() {
    return new LinkOptions(mtu, macAddress, master, group, up, true);
  }

  /** Refuses an MTU outside what an Ethernet-like device takes, quoting it. */
  static int checkMtu(int mtu) {
    if (mtu < 68 || mtu > 65535) {
      throw new IllegalArgumentException("MTU out of range 68..65535: " + mtu);
    }
    return mtu;
  }
}
