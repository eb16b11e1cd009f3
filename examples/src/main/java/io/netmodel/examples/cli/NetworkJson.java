package io.netmodel.examples.cli;

import io.netmodel.api.Endpoint;
import io.netmodel.api.NetworkInfo;
import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.api.network.DriverOptions;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.api.network.IpvlanNetworkSpec;
import io.netmodel.api.network.MacvlanNetworkSpec;
import io.netmodel.api.network.NetworkSpec;
import io.netmodel.api.network.OverlayNetworkSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Networks as JSON in Docker's shape ({@code docker network inspect}, {@code docker network ls
 * --format json}), built as plain maps so that the field names are Docker's.
 */
final class NetworkJson {
  /** Every netmodel network is local to this host, as Docker's non-swarm networks are. */
  static final String SCOPE = "local";

  private NetworkJson() {}

  /** The first 12 digits of the id, as {@code docker network ls} shows it. */
  static String shortId(NetworkInfo n) {
    return n.id().substring(0, Math.min(12, n.id().length()));
  }

  /** One row of {@code network ls --format json}. */
  static Map<String, Object> summary(NetworkInfo n) {
    Facts facts = n.spec().accept(new FactsOf());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", n.name());
    m.put("Id", n.id());
    m.put("Driver", n.spec().driver());
    m.put("Scope", SCOPE);
    m.put("IPv6", facts.ipv6().isPresent());
    m.put("Internal", n.spec().internal());
    m.put("Created", n.created().toString());
    return m;
  }

  /**
   * One element of {@code network inspect}: the spec's effective values, and the connected
   * sandboxes keyed by sandbox id with their endpoint on this network.
   */
  static Map<String, Object> inspect(Networking net, NetworkInfo n) {
    Facts facts = n.spec().accept(new FactsOf());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", n.name());
    m.put("Id", n.id());
    m.put("Created", n.created().toString());
    m.put("Scope", SCOPE);
    m.put("Driver", n.spec().driver());
    m.put("EnableIPv6", facts.ipv6().isPresent());
    List<Object> configs = new ArrayList<>();
    facts.ipv4().ifPresent(c -> configs.add(ipamConfig(c)));
    facts.ipv6().ifPresent(c -> configs.add(ipamConfig(c)));
    Map<String, Object> ipam = new LinkedHashMap<>();
    ipam.put("Driver", "default");
    ipam.put("Config", configs);
    m.put("IPAM", ipam);
    m.put("Internal", n.spec().internal());
    m.put("Containers", containers(net, n));
    m.put("Options", facts.options());
    return m;
  }

  private static Map<String, Object> ipamConfig(IpamConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Subnet", c.subnet().toString());
    m.put("Gateway", IpAddresses.toString(c.effectiveGateway()));
    c.ipRange().ifPresent(r -> m.put("IPRange", r.toString()));
    if (!c.auxAddresses().isEmpty()) {
      Map<String, String> aux = new LinkedHashMap<>();
      c.auxAddresses().forEach((name, address) -> aux.put(name, IpAddresses.toString(address)));
      m.put("AuxiliaryAddresses", aux);
    }
    return m;
  }

  private static Map<String, Object> containers(Networking net, NetworkInfo n) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : n.sandboxes()) {
      // A sandbox removed since the network was read is simply no longer connected.
      Optional<Sandbox> sandbox = net.sandbox(name);
      if (sandbox.isEmpty()) {
        continue;
      }
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("Name", sandbox.get().name());
      Optional<Endpoint> endpoint =
          sandbox.get().endpoints().stream().filter(e -> e.network().equals(n.name())).findFirst();
      c.put("MacAddress", endpoint.map(e -> e.macAddress().toString()).orElse(""));
      c.put("IPv4Address", endpoint.flatMap(e -> address(e, true)).orElse(""));
      c.put("IPv6Address", endpoint.flatMap(e -> address(e, false)).orElse(""));
      out.put(sandbox.get().id(), c);
    }
    return out;
  }

  private static Optional<String> address(Endpoint e, boolean ipv4) {
    return e.addresses().stream()
        .filter(a -> a.isIpv4() == ipv4)
        .findFirst()
        .map(IpPrefix::toString);
  }

  /** What inspect shows of a spec, whatever its driver. */
  private record Facts(
      Optional<IpamConfig> ipv4, Optional<IpamConfig> ipv6, Map<String, String> options) {}

  /** Reads each driver's spec into {@link Facts}; options under Docker's {@code -o} keys. */
  private static final class FactsOf implements NetworkSpec.Visitor<Facts> {
    @Override
    public Facts bridge(BridgeNetworkSpec spec) {
      Map<String, String> o = new LinkedHashMap<>();
      spec.bridgeName().ifPresent(b -> o.put(DriverOptions.BRIDGE_NAME, b.toString()));
      o.put(DriverOptions.BRIDGE_ENABLE_ICC, Boolean.toString(spec.enableIcc()));
      o.put(
          DriverOptions.BRIDGE_ENABLE_IP_MASQUERADE,
          Boolean.toString(spec.enableIpMasquerade()));
      o.put(
          DriverOptions.BRIDGE_HOST_BINDING_IPV4,
          IpAddresses.toString(spec.hostBindingAddress()));
      o.put(DriverOptions.DRIVER_MTU, Integer.toString(spec.mtu()));
      return new Facts(spec.ipv4(), spec.ipv6(), o);
    }

    @Override
    public Facts macvlan(MacvlanNetworkSpec spec) {
      Map<String, String> o = new LinkedHashMap<>();
      spec.parent().ifPresent(p -> o.put(DriverOptions.PARENT, p.name().toString()));
      o.put(DriverOptions.MACVLAN_MODE, spec.mode().toString());
      spec.mtu().ifPresent(mtu -> o.put(DriverOptions.DRIVER_MTU, Integer.toString(mtu)));
      return new Facts(spec.ipv4(), spec.ipv6(), o);
    }

    @Override
    public Facts ipvlan(IpvlanNetworkSpec spec) {
      Map<String, String> o = new LinkedHashMap<>();
      spec.parent().ifPresent(p -> o.put(DriverOptions.PARENT, p.name().toString()));
      o.put(DriverOptions.IPVLAN_MODE, spec.mode().toString());
      o.put(DriverOptions.IPVLAN_FLAG, spec.flag().toString());
      return new Facts(spec.ipv4(), spec.ipv6(), o);
    }

    @Override
    public Facts overlay(OverlayNetworkSpec spec) {
      Map<String, String> o = new LinkedHashMap<>();
      spec.vni().ifPresent(v -> o.put(DriverOptions.OVERLAY_VXLANID_LIST, Integer.toString(v)));
      // -o com.docker.network.driver.mtu is the underlay's MTU, as in Docker: the spec holds
      // the MTU inside the network, which is that less the VXLAN encapsulation.
      o.put(
          DriverOptions.DRIVER_MTU,
          Integer.toString(spec.mtu() + OverlayNetworkSpec.VXLAN_OVERHEAD));
      return new Facts(spec.ipv4(), Optional.empty(), o);
    }
  }
}
