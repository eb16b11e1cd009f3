package io.netmodel.core.engine;

import io.netmodel.api.net.IpPrefix;
import java.util.Optional;

/**
 * For which address families an endpoint gives its sandbox the default route. A sandbox has
 * one IPv4 and one IPv6 default route at most, each from its own endpoint: the first network
 * connected that is not internal and has an address of that family.
 */
record DefaultRoutes(boolean ipv4, boolean ipv6) {
  static final DefaultRoutes NONE = new DefaultRoutes(false, false);
  static final DefaultRoutes BOTH = new DefaultRoutes(true, true);

  boolean any() {
    return ipv4 || ipv6;
  }

  /** These families, less {@code taken}'s. */
  DefaultRoutes without(DefaultRoutes taken) {
    return new DefaultRoutes(ipv4 && !taken.ipv4, ipv6 && !taken.ipv6);
  }

  /** These families and {@code other}'s. */
  DefaultRoutes or(DefaultRoutes other) {
    return new DefaultRoutes(ipv4 || other.ipv4, ipv6 || other.ipv6);
  }

  /** Those of these families an endpoint with these addresses can serve. */
  DefaultRoutes servable(Optional<IpPrefix> ipv4Address, Optional<IpPrefix> ipv6Address) {
    return new DefaultRoutes(ipv4 && ipv4Address.isPresent(), ipv6 && ipv6Address.isPresent());
  }

  /** Whether this includes the family of {@code prefix}. */
  boolean covers(IpPrefix prefix) {
    return prefix.isIpv4() ? ipv4 : ipv6;
  }
}
