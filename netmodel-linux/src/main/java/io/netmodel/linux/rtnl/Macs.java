package io.netmodel.linux.rtnl;

import io.netmodel.api.net.MacAddress;
import java.util.Optional;

/** MAC addresses to and from {@code IFLA_ADDRESS}'s raw bytes. */
final class Macs {
  private Macs() {}

  /** The six bytes of {@code mac}, first byte first. */
  static byte[] bytes(MacAddress mac) {
    return mac.bytes();
  }

  /** The MAC address of a link, when it has a six-byte one. */
  static Optional<MacAddress> of(Optional<String> linkAddress) {
    return linkAddress.filter(text -> text.length() == 17).map(MacAddress::parse);
  }
}
