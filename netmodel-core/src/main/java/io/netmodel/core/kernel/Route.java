package io.netmodel.core.kernel;

import io.netmodel.api.net.IpPrefix;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A route in the main table: a destination, and a gateway or an output device or both. A
 * route with a device and no gateway is a device (scope link) route.
 *
 * @param destination the destination prefix; {@code 0.0.0.0/0} or {@code ::/0} for default
 * @param gateway the next hop, if any
 * @param device the output link's index, if given
 * @param metric the route's priority ({@code RTA_PRIORITY}), if set
 */
public record Route(
    IpPrefix destination, Optional<InetAddress> gateway, OptionalInt device, OptionalInt metric) {

  public Route {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(metric, "metric");
    if (!destination.isNetwork()) {
      throw new IllegalArgumentException(
          "route destination must have no host bits: " + destination);
    }
    if (gateway.isEmpty() && device.isEmpty()) {
      throw new IllegalArgumentException(
          "a route needs a gateway or a device: " + destination);
    }
    gateway.ifPresent(
        gw -> {
          if (gw.getAddress().length != destination.address().getAddress().length) {
            throw new IllegalArgumentException(
                "gateway " + gw.getHostAddress() + " is not of the family of " + destination);
          }
        });
  }

  /** The default route via {@code gateway}, out of link {@code device}. */
  public static Route defaultVia(InetAddress gateway, int device) {
    IpPrefix any = IpPrefix.of(anyOf(gateway), 0);
    return new Route(any, Optional.of(gateway), OptionalInt.of(device), OptionalInt.empty());
  }

  /** A route to {@code destination} via {@code gateway}, out of link {@code device}. */
  public static Route via(IpPrefix destination, InetAddress gateway, int device) {
    return new Route(
        destination, Optional.of(gateway), OptionalInt.of(device), OptionalInt.empty());
  }

  /** A device route: {@code destination} is on link {@code device}. */
  public static Route onLink(IpPrefix destination, int device) {
    return new Route(destination, Optional.empty(), OptionalInt.of(device), OptionalInt.empty());
  }

  /** Whether this is a default route. */
  public boolean isDefault() {
    return destination.length() == 0;
  }

  private static InetAddress anyOf(InetAddress sameFamily) {
    try {
      return InetAddress.getByAddress(new byte[sameFamily.getAddress().length]);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }
}
