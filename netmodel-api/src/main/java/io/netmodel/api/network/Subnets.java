package io.netmodel.api.network;

import java.util.Optional;

/** Checks shared by the specs that take an IPv4 and an IPv6 subnet. */
final class Subnets {
  private Subnets() {}

  static void checkFamilies(Optional<IpamConfig> ipv4, Optional<IpamConfig> ipv6) {
    ipv4.ifPresent(
        c -> {
          if (!c.isIpv4()) {
            throw new IllegalArgumentException("ipv4 subnet is not IPv4: " + c.subnet());
          }
        });
    ipv6.ifPresent(
        c -> {
          if (c.isIpv4()) {
            throw new IllegalArgumentException("ipv6 subnet is not IPv6: " + c.subnet());
          }
        });
  }
}
