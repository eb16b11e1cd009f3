package io.netmodel.core.engine;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.api.network.IpvlanFlag;
import io.netmodel.api.network.IpvlanMode;
import io.netmodel.api.network.IpvlanNetworkSpec;
import io.netmodel.api.network.MacvlanMode;
import io.netmodel.api.network.MacvlanNetworkSpec;
import io.netmodel.api.network.NetworkSpec;
import io.netmodel.api.network.OverlayNetworkSpec;
import io.netmodel.api.network.ParentInterface;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A network as persisted: its id, its effective spec (every default the driver chose filled
 * in: device name, subnet, gateway), when it was made, and the host device it created for
 * itself (a macvlan network's VLAN sub-interface or dummy parent), which goes when it goes.
 */
record NetworkRecord(
    String id, NetworkSpec spec, Instant created, Optional<InterfaceName> createdDevice) {

  NetworkRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(createdDevice, "createdDevice");
  }

  NetworkRecord(String id, NetworkSpec spec, Instant created) {
    this(id, spec, created, Optional.empty());
  }

  String name() {
    return spec.name();
  }

  /** The spec as a bridge network's. */
  BridgeNetworkSpec bridge() {
    if (spec instanceof BridgeNetworkSpec) {
      return (BridgeNetworkSpec) spec;
    }
    throw new IllegalStateException("network " + name() + " is not a bridge network: " + spec);
  }

  Optional<IpamConfig> ipv4() {
    return spec.accept(new SubnetsOf()).ipv4();
  }

  Optional<IpamConfig> ipv6() {
    return spec.accept(new SubnetsOf()).ipv6();
  }

  /** The network's subnets, IPv4 first. */
  List<IpamConfig> subnets() {
    List<IpamConfig> all = new ArrayList<>();
    ipv4().ifPresent(all::add);
    ipv6().ifPresent(all::add);
    return all;
  }

  /** The gateways, IPv4 first. */
  List<InetAddress> gateways() {
    return subnets().stream().map(IpamConfig::effectiveGateway).toList();
  }

  Map<String, String> toMap() {
    Map<String, String> map = new HashMap<>();
    map.put("id", id);
    map.put("created", created.toString());
    map.put("name", spec.name());
    map.put("driver", spec.driver());
    createdDevice.ifPresent(d -> map.put("createdDevice", d.toString()));
    ipv4().ifPresent(c -> putIpam(map, "ipv4.", c));
    ipv6().ifPresent(c -> putIpam(map, "ipv6.", c));
    map.put("internal", Boolean.toString(spec.internal()));
    spec.accept(
        new NetworkSpec.Visitor<Void>() {
          @Override
          public Void bridge(BridgeNetworkSpec b) {
            b.bridgeName().ifPresent(n -> map.put("bridgeName", n.toString()));
            map.put("mtu", Integer.toString(b.mtu()));
            map.put("enableIcc", Boolean.toString(b.enableIcc()));
            map.put("enableIpMasquerade", Boolean.toString(b.enableIpMasquerade()));
            map.put("hostBindingAddress", IpAddresses.toString(b.hostBindingAddress()));
            return null;
          }

          @Override
          public Void macvlan(MacvlanNetworkSpec m) {
            m.parent().ifPresent(p -> map.put("parent", p.name().toString()));
            map.put("macvlanMode", m.mode().toString());
            m.mtu().ifPresent(v -> map.put("mtu", Integer.toString(v)));
            return null;
          }

          @Override
          public Void ipvlan(IpvlanNetworkSpec i) {
            i.parent().ifPresent(p -> map.put("parent", p.name().toString()));
            map.put("ipvlanMode", i.mode().toString());
            map.put("ipvlanFlag", i.flag().toString());
            return null;
          }

          @Override
          public Void overlay(OverlayNetworkSpec o) {
            throw new IllegalStateException("overlay networks are not recorded: " + o.name());
          }
        });
    return map;
  }

  static NetworkRecord fromMap(Map<String, String> map) {
    String driver = required(map, "driver");
    String name = required(map, "name");
    Optional<IpamConfig> ipv4 = readIpam(map, "ipv4.");
    Optional<IpamConfig> ipv6 = readIpam(map, "ipv6.");
    boolean internal = Boolean.parseBoolean(required(map, "internal"));
    Optional<ParentInterface> parent =
        Optional.ofNullable(map.get("parent")).map(ParentInterface::parse);
    NetworkSpec spec;
    switch (driver) {
      case "bridge":
        BridgeNetworkSpec.Builder b = BridgeNetworkSpec.builder(name);
        Optional.ofNullable(map.get("bridgeName")).map(InterfaceName::of).ifPresent(b::bridgeName);
        ipv4.ifPresent(b::ipv4);
        ipv6.ifPresent(b::ipv6);
        spec =
            b.mtu(Integer.parseInt(required(map, "mtu")))
                .internal(internal)
                .enableIcc(Boolean.parseBoolean(required(map, "enableIcc")))
                .enableIpMasquerade(Boolean.parseBoolean(required(map, "enableIpMasquerade")))
                .hostBindingAddress(IpAddresses.parse(required(map, "hostBindingAddress")))
                .build();
        break;
      case "macvlan":
        spec =
            new MacvlanNetworkSpec(
                name,
                parent,
                MacvlanMode.parse(required(map, "macvlanMode")),
                ipv4,
                ipv6,
                Optional.ofNullable(map.get("mtu"))
                    .map(v -> OptionalInt.of(Integer.parseInt(v)))
                    .orElse(OptionalInt.empty()),
                internal);
        break;
      case "ipvlan":
        spec =
            new IpvlanNetworkSpec(
                name,
                parent,
                IpvlanMode.parse(required(map, "ipvlanMode")),
                IpvlanFlag.parse(required(map, "ipvlanFlag")),
                ipv4,
                ipv6,
                internal);
        break;
      default:
        throw new IllegalStateException("network state names an unknown driver: " + map);
    }
    return new NetworkRecord(
        required(map, "id"),
        spec,
        Instant.parse(required(map, "created")),
        Optional.ofNullable(map.get("createdDevice")).map(InterfaceName::of));
  }

  private static void putIpam(Map<String, String> map, String prefix, IpamConfig config) {
    map.put(prefix + "subnet", config.subnet().toString());
    config.gateway().ifPresent(g -> map.put(prefix + "gateway", IpAddresses.toString(g)));
    config.ipRange().ifPresent(r -> map.put(prefix + "ipRange", r.toString()));
    config.auxAddresses().forEach(
        (n, address) -> map.put(prefix + "aux." + n, IpAddresses.toString(address)));
  }

  private static Optional<IpamConfig> readIpam(Map<String, String> map, String prefix) {
    String subnet = map.get(prefix + "subnet");
    if (subnet == null) {
      return Optional.empty();
    }
    Map<String, InetAddress> aux = new TreeMap<>();
    map.forEach(
        (key, value) -> {
          if (key.startsWith(prefix + "aux.")) {
            aux.put(key.substring(prefix.length() + 4), IpAddresses.parse(value));
          }
        });
    return Optional.of(
        new IpamConfig(
            IpPrefix.parse(subnet),
            Optional.ofNullable(map.get(prefix + "gateway")).map(IpAddresses::parse),
            Optional.ofNullable(map.get(prefix + "ipRange")).map(IpPrefix::parse),
            aux));
  }

  private static String required(Map<String, String> map, String key) {
    String value = map.get(key);
    if (value == null) {
      throw new IllegalStateException("network state lacks \"" + key + "\": " + map);
    }
    return value;
  }

  /** A spec's IPv4 and IPv6 subnets. */
  private record Families(Optional<IpamConfig> ipv4, Optional<IpamConfig> ipv6) {}

  private static final class SubnetsOf implements NetworkSpec.Visitor<Families> {
    @Override
    public Families bridge(BridgeNetworkSpec spec) {
      return new Families(spec.ipv4(), spec.ipv6());
    }

    @Override
    public Families macvlan(MacvlanNetworkSpec spec) {
      return new Families(spec.ipv4(), spec.ipv6());
    }

    @Override
    public Families ipvlan(IpvlanNetworkSpec spec) {
      return new Families(spec.ipv4(), spec.ipv6());
    }

    @Override
    public Families overlay(OverlayNetworkSpec spec) {
      return new Families(spec.ipv4(), Optional.empty());
    }
  }
}
