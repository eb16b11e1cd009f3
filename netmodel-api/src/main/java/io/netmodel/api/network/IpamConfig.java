package io.netmodel.api.network;

import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One subnet of a network and how its addresses are handed out: Docker's {@code --subnet},
 * {@code --gateway}, {@code --ip-range} and {@code --aux-address}.
 *
 * @param subnet the subnet, without host bits
 * @param gateway the gateway address; by default the driver takes the subnet's first host
 * @param ipRange the part of the subnet that endpoints are allocated from
 * @param auxAddresses addresses reserved by name, never allocated to endpoints
 */
public record IpamConfig(
    IpPrefix subnet,
    Optional<InetAddress> gateway,
    Optional<IpPrefix> ipRange,
    Map<String, InetAddress> auxAddresses) {

  public IpamConfig {
    Objects.requireNonNull(subnet, "subnet");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(ipRange, "ipRange");
    if (!subnet.isNetwork()) {
      throw new IllegalArgumentException(
          "subnet must have no host bits (did you mean " + subnet.network() + "?): " + subnet);
    }
    if (subnet.isIpv4() ? subnet.length() > 30 : subnet.length() > 126) {
      throw new IllegalArgumentException(
          "subnet is too small to hold a gateway and an endpoint: " + subnet);
    }
    gateway.ifPresent(gw -> checkHost("gateway", gw, subnet));
    ipRange.ifPresent(
        range -> {
          if (!range.isNetwork()) {
            throw new IllegalArgumentException("ip-range must have no host bits: " + range);
          }
          if (!subnet.contains(range)) {
            throw new IllegalArgumentException(
                "ip-range " + range + " is outside subnet " + subnet);
          }
        });
    auxAddresses = Collections.unmodifiableMap(new TreeMap<>(auxAddresses));
    auxAddresses.keySet().forEach(
        name -> {
          if (name.isEmpty() || name.indexOf('=') >= 0) {
            throw new IllegalArgumentException(
                "aux-address name must be non-empty and without '=': \"" + name + "\"");
          }
        });
    auxAddresses.forEach((name, address) -> checkHost("aux-address " + name, address, subnet));
  }

  /** The subnet alone; everything else is left to the driver. */
  public static IpamConfig of(IpPrefix subnet) {
    return new IpamConfig(subnet, Optional.empty(), Optional.empty(), Map.of());
  }

  /** The subnet with its gateway. */
  public static IpamConfig of(IpPrefix subnet, InetAddress gateway) {
    return new IpamConfig(subnet, Optional.of(gateway), Optional.empty(), Map.of());
  }

  /** The same, with the gateway given. */
  public IpamConfig withGateway(InetAddress value) {
    return new IpamConfig(subnet, Optional.of(value), ipRange, auxAddresses);
  }

  /** The same, allocating from {@code range} only. */
  public IpamConfig withIpRange(IpPrefix range) {
    return new IpamConfig(subnet, gateway, Optional.of(range), auxAddresses);
  }

  /** The same, reserving {@code address} under {@code name}. */
  public IpamConfig withAuxAddress(String name, InetAddress address) {
    Map<String, InetAddress> more = new TreeMap<>(auxAddresses);
    more.put(name, address);
    return new IpamConfig(subnet, gateway, ipRange, more);
  }

  /** Whether this is an IPv4 subnet. */
  public boolean isIpv4() {
    return subnet.isIpv4();
  }

  /** The gateway given, or the subnet's first host address, as Docker picks it. */
  public InetAddress effectiveGateway() {
    return gateway.orElseGet(() -> subnet.host(1));
  }

  private static void checkHost(String what, InetAddress address, IpPrefix subnet) {
    String text = IpAddresses.toString(address);
    if (!subnet.contains(address)) {
      throw new IllegalArgumentException(what + " " + text + " is outside subnet " + subnet);
    }
    if (address.equals(subnet.networkAddress())) {
      throw new IllegalArgumentException(
          what + " " + text + " is the network address of subnet " + subnet);
    }
    if (subnet.isIpv4() && address.equals(subnet.broadcastAddress())) {
      throw new IllegalArgumentException(
          what + " " + text + " is the broadcast address of subnet " + subnet);
    }
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("subnet=").append(subnet);
    gateway.ifPresent(gw -> b.append(" gateway=").append(IpAddresses.toString(gw)));
    ipRange.ifPresent(r -> b.append(" ip-range=").append(r));
    auxAddresses.forEach(
        (n, a) -> b.append(" aux-address=").append(n).append('=').append(IpAddresses.toString(a)));
    return b.toString();
  }
}
