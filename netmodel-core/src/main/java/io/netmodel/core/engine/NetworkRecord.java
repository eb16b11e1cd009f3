package io.netmodel.core.engine;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.api.network.NetworkSpec;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A network as persisted: its id, its effective spec (every default the driver chose filled
 * in: device name, subnet, gateway) and when it was made. Bridge networks only, for now: the
 * other drivers are refused before anything is written.
 */
record NetworkRecord(String id, NetworkSpec spec, Instant created) {

  NetworkRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(created, "created");
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

  Map<String, String> toMap() {
    Map<String, String> map = new HashMap<>();
    map.put("id", id);
    map.put("created", created.toString());
    map.put("name", spec.name());
    map.put("driver", spec.driver());
    BridgeNetworkSpec b = bridge();
    b.bridgeName().ifPresent(n -> map.put("bridgeName", n.toString()));
    b.ipv4().ifPresent(c -> putIpam(map, "ipv4.", c));
    b.ipv6().ifPresent(c -> putIpam(map, "ipv6.", c));
    map.put("mtu", Integer.toString(b.mtu()));
    map.put("internal", Boolean.toString(b.internal()));
    map.put("enableIcc", Boolean.toString(b.enableIcc()));
    map.put("enableIpMasquerade", Boolean.toString(b.enableIpMasquerade()));
    map.put("hostBindingAddress", IpAddresses.toString(b.hostBindingAddress()));
    return map;
  }

  static NetworkRecord fromMap(Map<String, String> map) {
    String driver = required(map, "driver");
    if (!driver.equals("bridge")) {
      throw new IllegalStateException("network state names an unknown driver: " + map);
    }
    BridgeNetworkSpec.Builder b = BridgeNetworkSpec.builder(required(map, "name"));
    Optional.ofNullable(map.get("bridgeName")).map(InterfaceName::of).ifPresent(b::bridgeName);
    readIpam(map, "ipv4.").ifPresent(b::ipv4);
    readIpam(map, "ipv6.").ifPresent(b::ipv6);
    b.mtu(Integer.parseInt(required(map, "mtu")))
        .internal(Boolean.parseBoolean(required(map, "internal")))
        .enableIcc(Boolean.parseBoolean(required(map, "enableIcc")))
        .enableIpMasquerade(Boolean.parseBoolean(required(map, "enableIpMasquerade")))
        .hostBindingAddress(IpAddresses.parse(required(map, "hostBindingAddress")));
    return new NetworkRecord(
        required(map, "id"), b.build(), Instant.parse(required(map, "created")));
  }

  private static void putIpam(Map<String, String> map, String prefix, IpamConfig config) {
    map.put(prefix + "subnet", config.subnet().toString());
    config.gateway().ifPresent(g -> map.put(prefix + "gateway", IpAddresses.toString(g)));
    config.ipRange().ifPresent(r -> map.put(prefix + "ipRange", r.toString()));
    config.auxAddresses().forEach(
        (name, address) -> map.put(prefix + "aux." + name, IpAddresses.toString(address)));
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
}
