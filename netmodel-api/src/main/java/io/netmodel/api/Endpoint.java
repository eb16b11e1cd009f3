package io.netmodel.api;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.MacAddress;
import io.netmodel.api.net.PortMapping;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A sandbox's attachment to one network, as connected: everything a CNI 1.x {@code Result}
 * holds (interface, MAC, addresses with prefix length, gateways, routes) plus the published
 * ports. {@link CniResult#toJson(Endpoint)} prints it in that form.
 *
 * @param network the network's name
 * @param interfaceName the interface inside the sandbox ({@code eth0}, …)
 * @param macAddress its MAC address
 * @param addresses its addresses with the network's prefix length ({@code 172.18.0.2/16})
 * @param gateways the gateways the network offers, IPv4 first
 * @param routes the routes this endpoint installed in the sandbox
 * @param ports the published ports, with the host ports actually bound
 * @param aliases the names the sandbox answers to on this network
 */
public record Endpoint(
    String network,
    InterfaceName interfaceName,
    MacAddress macAddress,
    List<IpPrefix> addresses,
    List<InetAddress> gateways,
    List<RouteInfo> routes,
    List<PortMapping> ports,
    List<String> aliases) {

  public Endpoint {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(macAddress, "macAddress");
    addresses = List.copyOf(addresses);
    gateways = List.copyOf(gateways);
    routes = List.copyOf(routes);
    ports = List.copyOf(ports);
    aliases = List.copyOf(aliases);
  }

  /**
   * A route an endpoint installed: a destination and, unless it is a device route, the
   * gateway.
   */
  public record RouteInfo(IpPrefix destination, Optional<InetAddress> gateway) {
    public RouteInfo {
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(gateway, "gateway");
    }
  }
}
