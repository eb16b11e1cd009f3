package io.netmodel.core.engine;

import io.netmodel.api.Endpoint;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.MacAddress;
import io.netmodel.api.net.PortMapping;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A sandbox's endpoint on one network, as persisted inside its sandbox's record.
 *
 * @param network the network's name
 * @param interfaceName the interface inside the sandbox
 * @param hostInterface the host end of the veth, for bridge networks
 * @param macAddress the interface's MAC address
 * @param ipv4 the IPv4 address with the subnet's prefix length
 * @param ipv6 the IPv6 address with the subnet's prefix length
 * @param gateways the network's gateways, IPv4 first
 * @param defaultRoute the families whose default route this endpoint installed
 * @param onLinkDefault whether those are device routes without a gateway (ipvlan l3, l3s)
 * @param aliases the names asked for on this network
 * @param ports the published ports, with the host ports actually held
 */
record EndpointRecord(
    String network,
    InterfaceName interfaceName,
    Optional<InterfaceName> hostInterface,
    MacAddress macAddress,
    Optional<IpPrefix> ipv4,
    Optional<IpPrefix> ipv6,
    List<InetAddress> gateways,
    DefaultRoutes defaultRoute,
    boolean onLinkDefault,
    List<String> aliases,
    List<PortMapping> ports) {

  EndpointRecord {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(hostInterface, "hostInterface");
    Objects.requireNonNull(macAddress, "macAddress");
    Objects.requireNonNull(ipv4, "ipv4");
    Objects.requireNonNull(ipv6, "ipv6");
    Objects.requireNonNull(defaultRoute, "defaultRoute");
    gateways = List.copyOf(gateways);
    aliases = List.copyOf(aliases);
    ports = List.copyOf(ports);
  }

  /** The same endpoint, now holding (or not) the sandbox's default routes. */
  EndpointRecord withDefaultRoute(DefaultRoutes value) {
    return new EndpointRecord(
        network, interfaceName, hostInterface, macAddress, ipv4, ipv6, gateways, value,
        onLinkDefault, aliases, ports);
  }

  /** The same endpoint, publishing {@code bound}. */
  EndpointRecord withPorts(List<PortMapping> bound) {
    return new EndpointRecord(
        network, interfaceName, hostInterface, macAddress, ipv4, ipv6, gateways, defaultRoute,
        onLinkDefault, aliases, bound);
  }

  /** The addresses, IPv4 first. */
  List<IpPrefix> addresses() {
    List<IpPrefix> all = new ArrayList<>();
    ipv4.ifPresent(all::add);
    ipv6.ifPresent(all::add);
    return all;
  }

  /** The public view. */
  Endpoint toEndpoint() {
    List<Endpoint.RouteInfo> routes = new ArrayList<>();
    for (IpPrefix address : addresses()) {
      if (!defaultRoute.covers(address)) {
        continue;
      }
      IpPrefix any = IpPrefix.parse(address.isIpv4() ? "0.0.0.0/0" : "::/0");
      routes.add(new Endpoint.RouteInfo(any, onLinkDefault ? Optional.empty() : gateway(address)));
    }
    return new Endpoint(
        network, interfaceName, macAddress, addresses(), gateways, routes, ports, aliases);
  }

  /** The gateway of {@code address}'s family, if the network has one. */
  Optional<InetAddress> gateway(IpPrefix address) {
    return gateways.stream()
        .filter(g -> (g.getAddress().length == 4) == address.isIpv4())
        .findFirst();
  }

  void writeTo(Map<String, String> map, String prefix) {
    map.put(prefix + "network", network);
    map.put(prefix + "interface", interfaceName.toString());
    hostInterface.ifPresent(h -> map.put(prefix + "hostInterface", h.toString()));
    map.put(prefix + "mac", macAddress.toString());
    ipv4.ifPresent(a -> map.put(prefix + "ipv4", a.toString()));
    ipv6.ifPresent(a -> map.put(prefix + "ipv6", a.toString()));
    map.put(
        prefix + "gateways",
        gateways.stream().map(IpAddresses::toString).collect(Collectors.joining(",")));
    map.put(prefix + "defaultIpv4", Boolean.toString(defaultRoute.ipv4()));
    map.put(prefix + "defaultIpv6", Boolean.toString(defaultRoute.ipv6()));
    map.put(prefix + "onLinkDefault", Boolean.toString(onLinkDefault));
    map.put(prefix + "aliases", String.join(",", aliases));
    if (!ports.isEmpty()) {
      map.put(
          prefix + "ports",
          ports.stream().map(PortMapping::toString).collect(Collectors.joining(",")));
    }
  }

  static Optional<EndpointRecord> readFrom(Map<String, String> map, String prefix) {
    String network = map.get(prefix + "network");
    if (network == null) {
      return Optional.empty();
    }
    return Optional.of(
        new EndpointRecord(
            network,
            InterfaceName.of(required(map, prefix + "interface")),
            Optional.ofNullable(map.get(prefix + "hostInterface")).map(InterfaceName::of),
            MacAddress.parse(required(map, prefix + "mac")),
            Optional.ofNullable(map.get(prefix + "ipv4")).map(IpPrefix::parse),
            Optional.ofNullable(map.get(prefix + "ipv6")).map(IpPrefix::parse),
            split(map.get(prefix + "gateways")).stream().map(IpAddresses::parse).toList(),
            new DefaultRoutes(
                Boolean.parseBoolean(required(map, prefix + "defaultIpv4")),
                Boolean.parseBoolean(required(map, prefix + "defaultIpv6"))),
            Boolean.parseBoolean(map.get(prefix + "onLinkDefault")),
            split(map.get(prefix + "aliases")),
            split(map.get(prefix + "ports")).stream().map(PortMapping::parse).toList()));
  }

  private static List<String> split(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
  }

  private static String required(Map<String, String> map, String key) {
    String value = map.get(key);
    if (value == null) {
      throw new IllegalStateException("endpoint state lacks \"" + key + "\": " + map);
    }
    return value;
  }
}
