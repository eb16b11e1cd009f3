package io.netmodel.core.kernel;

import java.util.Objects;

/**
 * One step of {@link Kernel#configure}: a change of a link, an address or a route added, as
 * {@link Links#change}, {@link Addresses#add} and {@link Routes#add} make them one by one.
 *
 * <pre>{@code
 * kernel.configure(sandbox, List.of(
 *     Configuration.address(AddressEntry.of(eth0, IpPrefix.parse("172.18.0.2/16"))),
 *     Configuration.link(eth0, LinkChange.setUp()),
 *     Configuration.route(Route.defaultVia(IpAddresses.parse("172.18.0.1"), eth0))));
 * }</pre>
 */
public sealed interface Configuration {
  /** {@link Links#change}{@code (index, change)}. */
  static Configuration link(int index, LinkChange change) {
    return new SetLink(index, change);
  }

  /** {@link Addresses#add}{@code (address)}. */
  static Configuration address(AddressEntry address) {
    return new AddAddress(address);
  }

  /** {@link Routes#add}{@code (route)}. */
  static Configuration route(Route route) {
    return new AddRoute(route);
  }

  /** A change of the link of that index. */
  record SetLink(int index, LinkChange change) implements Configuration {
    public SetLink {
      if (index <= 0) {
        throw new IllegalArgumentException("link index must be positive: " + index);
      }
      Objects.requireNonNull(change, "change");
    }
  }

  /** An address added. */
  record AddAddress(AddressEntry address) implements Configuration {
    public AddAddress {
      Objects.requireNonNull(address, "address");
    }
  }

  /** A route added. */
  record AddRoute(Route route) implements Configuration {
    public AddRoute {
      Objects.requireNonNull(route, "route");
    }
  }
}
