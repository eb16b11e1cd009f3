package io.netmodel.api.network;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Builds a {@link NetworkSpec} from Docker's {@code network create} flags: {@code --driver},
 * {@code --subnet}, {@code --gateway}, {@code --ip-range}, {@code --aux-address}, {@code
 * --internal}, {@code --ipv6} and {@code -o KEY=VALUE}.
 *
 * <pre>{@code
 * NetworkSpec spec = DriverOptions.builder("bridge", "web")
 *     .subnet("172.30.0.0/16").gateway("172.30.0.1")
 *     .option("com.docker.network.bridge.name", "br-web")
 *     .build();
 * }</pre>
 *
 * <p>As {@code docker network create} does, each gateway, ip-range and aux-address belongs to
 * the subnet that contains it, and at most one of each per subnet. Options a driver does not
 * take are refused by name. Not thread-safe.
 */
public final class DriverOptions {
  public static final String BRIDGE_NAME = "com.docker.network.bridge.name";
  public static final String BRIDGE_ENABLE_ICC = "com.docker.network.bridge.enable_icc";
  public static final String BRIDGE_ENABLE_IP_MASQUERADE =
      "com.docker.network.bridge.enable_ip_masquerade";
  public static final String BRIDGE_HOST_BINDING_IPV4 =
      "com.docker.network.bridge.host_binding_ipv4";
  public static final String DRIVER_MTU = "com.docker.network.driver.mtu";
  public static final String PARENT = "parent";
  public static final String MACVLAN_MODE = "macvlan_mode";
  public static final String IPVLAN_MODE = "ipvlan_mode";
  public static final String IPVLAN_FLAG = "ipvlan_flag";
  public static final String OVERLAY_VXLANID_LIST = "com.docker.network.driver.overlay.vxlanid_list";

  private static final Map<String, Set<String>> KEYS =
      Map.of(
          "bridge",
          Set.of(
              BRIDGE_NAME, BRIDGE_ENABLE_ICC, BRIDGE_ENABLE_IP_MASQUERADE,
              BRIDGE_HOST_BINDING_IPV4, DRIVER_MTU),
          "macvlan", Set.of(PARENT, MACVLAN_MODE, DRIVER_MTU),
          "ipvlan", Set.of(PARENT, IPVLAN_MODE, IPVLAN_FLAG),
          "overlay", Set.of(OVERLAY_VXLANID_LIST, DRIVER_MTU));

  private final String driver;
  private final String name;
  private final List<IpPrefix> subnets = new ArrayList<>();
  private final List<InetAddress> gateways = new ArrayList<>();
  private final List<IpPrefix> ipRanges = new ArrayList<>();
  private final Map<String, InetAddress> auxAddresses = new LinkedHashMap<>();
  private final Map<String, String> options = new LinkedHashMap<>();
  private boolean internal;
  private boolean ipv6;

  private DriverOptions(String driver, String name) {
    if (!KEYS.containsKey(driver)) {
      throw new IllegalArgumentException(
          "network driver must be bridge, macvlan, ipvlan or overlay: \"" + driver + "\"");
    }
    this.driver = driver;
    this.name = NetworkSpec.checkName(name);
  }

  /** Starts a spec for network {@code name} of {@code driver}. */
  public static DriverOptions builder(String driver, String name) {
    return new DriverOptions(driver, name);
  }

  /** {@code --subnet CIDR}. */
  public DriverOptions subnet(String cidr) {
    subnets.add(IpPrefix.parse(cidr));
    return this;
  }

  /** {@code --gateway IP}. */
  public DriverOptions gateway(String ip) {
    gateways.add(IpAddresses.parse(ip));
    return this;
  }

  /** {@code --ip-range CIDR}. */
  public DriverOptions ipRange(String cidr) {
    ipRanges.add(IpPrefix.parse(cidr));
    return this;
  }

  /** {@code --aux-address NAME=IP}. */
  public DriverOptions auxAddress(String nameEqualsIp) {
    int eq = nameEqualsIp.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(
          "aux-address must be NAME=IP: \"" + nameEqualsIp + "\"");
    }
    String key = nameEqualsIp.substring(0, eq);
    if (auxAddresses.containsKey(key)) {
      throw new IllegalArgumentException("aux-address name given twice: \"" + key + "\"");
    }
    auxAddresses.put(key, IpAddresses.parse(nameEqualsIp.substring(eq + 1)));
    return this;
  }

  /** {@code -o KEY=VALUE}. */
  public DriverOptions option(String keyEqualsValue) {
    int eq = keyEqualsValue.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("option must be KEY=VALUE: \"" + keyEqualsValue + "\"");
    }
    return option(keyEqualsValue.substring(0, eq), keyEqualsValue.substring(eq + 1));
  }

  /** {@code -o KEY=VALUE}, as key and value. */
  public DriverOptions option(String key, String value) {
    if (!KEYS.get(driver).contains(key)) {
      throw new IllegalArgumentException("unknown option for driver " + driver + ": " + key);
    }
    options.put(key, value);
    return this;
  }

  /** {@code --internal}. */
  public DriverOptions internal(boolean value) {
    this.internal = value;
    return this;
  }

  /** {@code --ipv6}. */
  public DriverOptions ipv6(boolean value) {
    this.ipv6 = value;
    return this;
  }

  /**
   * The spec.
   *
   * @throws IllegalArgumentException naming the flag or option that is wrong, and its value
   */
  public NetworkSpec build() {
    List<IpamConfig> configs = pairIpam();
    Optional<IpamConfig> v4 = configs.stream().filter(IpamConfig::isIpv4).findFirst();
    Optional<IpamConfig> v6 = configs.stream().filter(c -> !c.isIpv4()).findFirst();
    if (configs.stream().filter(IpamConfig::isIpv4).count() > 1
        || configs.stream().filter(c -> !c.isIpv4()).count() > 1) {
      throw new IllegalArgumentException(
          "at most one IPv4 and one IPv6 subnet per network: " + subnets);
    }
    if (v6.isPresent() && !ipv6) {
      throw new IllegalArgumentException(
          "IPv6 subnet " + v6.get().subnet() + " needs --ipv6");
    }
    if (ipv6 && v6.isEmpty()) {
      throw new IllegalArgumentException("--ipv6 needs an IPv6 --subnet");
    }
    OptionalInt mtu =
        options.containsKey(DRIVER_MTU)
            ? OptionalInt.of(integer(DRIVER_MTU, options.get(DRIVER_MTU)))
            : OptionalInt.empty();
    Optional<ParentInterface> parent =
        Optional.ofNullable(options.get(PARENT)).map(ParentInterface::parse);
    switch (driver) {
      case "bridge":
        {
          BridgeNetworkSpec.Builder b = BridgeNetworkSpec.builder(name).internal(internal);
          v4.ifPresent(b::ipv4);
          v6.ifPresent(b::ipv6);
          mtu.ifPresent(b::mtu);
          if (options.containsKey(BRIDGE_NAME)) {
            b.bridgeName(InterfaceName.of(options.get(BRIDGE_NAME)));
          }
          if (options.containsKey(BRIDGE_ENABLE_ICC)) {
            b.enableIcc(bool(BRIDGE_ENABLE_ICC, options.get(BRIDGE_ENABLE_ICC)));
          }
          if (options.containsKey(BRIDGE_ENABLE_IP_MASQUERADE)) {
            b.enableIpMasquerade(
                bool(BRIDGE_ENABLE_IP_MASQUERADE, options.get(BRIDGE_ENABLE_IP_MASQUERADE)));
          }
          if (options.containsKey(BRIDGE_HOST_BINDING_IPV4)) {
            String text = options.get(BRIDGE_HOST_BINDING_IPV4);
            InetAddress binding = IpAddresses.parse(text);
            if (!(binding instanceof Inet4Address)) {
              throw new IllegalArgumentException(
                  BRIDGE_HOST_BINDING_IPV4 + " must be an IPv4 address: \"" + text + "\"");
            }
            b.hostBindingAddress(binding);
          }
          return b.build();
        }
      case "macvlan":
        {
          MacvlanMode mode =
              Optional.ofNullable(options.get(MACVLAN_MODE))
                  .map(MacvlanMode::parse)
                  .orElse(MacvlanMode.BRIDGE);
          return new MacvlanNetworkSpec(name, parent, mode, v4, v6, mtu, internal);
        }
      case "ipvlan":
        {
          IpvlanMode mode =
              Optional.ofNullable(options.get(IPVLAN_MODE))
                  .map(IpvlanMode::parse)
                  .orElse(IpvlanMode.L2);
          IpvlanFlag flag =
              Optional.ofNullable(options.get(IPVLAN_FLAG))
                  .map(IpvlanFlag::parse)
                  .orElse(IpvlanFlag.BRIDGE);
          return new IpvlanNetworkSpec(name, parent, mode, flag, v4, v6, internal);
        }
      default:
        {
          if (v6.isPresent()) {
            throw new IllegalArgumentException(
                "overlay networks are IPv4 only here: " + v6.get().subnet());
          }
          OverlayNetworkSpec spec = OverlayNetworkSpec.of(name).withInternal(internal);
          if (v4.isPresent()) {
            spec = spec.withIpv4(v4.get());
          }
          if (mtu.isPresent()) {
            // Docker's overlay takes the option as the underlay MTU and gives the sandboxes
            // that less the VXLAN encapsulation (50 bytes).
            spec = spec.withMtu(mtu.getAsInt() - OverlayNetworkSpec.VXLAN_OVERHEAD);
          }
          if (options.containsKey(OVERLAY_VXLANID_LIST)) {
            String list = options.get(OVERLAY_VXLANID_LIST);
            if (list.contains(",")) {
              throw new IllegalArgumentException(
                  OVERLAY_VXLANID_LIST + " takes one VNI per subnet, and overlay networks have"
                      + " one subnet here: \"" + list + "\"");
            }
            spec = spec.withVni(integer(OVERLAY_VXLANID_LIST, list));
          }
          return spec;
        }
    }
  }

  private List<IpamConfig> pairIpam() {
    if (subnets.isEmpty()
        && (!gateways.isEmpty() || !ipRanges.isEmpty() || !auxAddresses.isEmpty())) {
      throw new IllegalArgumentException(
          "--gateway, --ip-range and --aux-address need a --subnet");
    }
    List<IpamConfig> configs = new ArrayList<>();
    for (IpPrefix subnet : subnets) {
      if (!subnet.isNetwork()) {
        throw new IllegalArgumentException(
            "subnet must have no host bits (did you mean " + subnet.network() + "?): "
                + subnet);
      }
      for (IpPrefix other : subnets) {
        if (other != subnet && other.overlaps(subnet)) {
          throw new IllegalArgumentException("subnets overlap: " + subnet + " and " + other);
        }
      }
      configs.add(IpamConfig.of(subnet));
    }
    for (InetAddress gw : gateways) {
      int i = owner(gw, "gateway " + IpAddresses.toString(gw));
      if (configs.get(i).gateway().isPresent()) {
        throw new IllegalArgumentException(
            "cannot have more than one gateway per subnet: " + subnets.get(i));
      }
      configs.set(i, configs.get(i).withGateway(gw));
    }
    for (IpPrefix range : ipRanges) {
      int i = owner(range.address(), "ip-range " + range);
      if (configs.get(i).ipRange().isPresent()) {
        throw new IllegalArgumentException(
            "cannot have more than one ip-range per subnet: " + subnets.get(i));
      }
      configs.set(i, configs.get(i).withIpRange(range));
    }
    for (Map.Entry<String, InetAddress> aux : auxAddresses.entrySet()) {
      int i = owner(aux.getValue(), "aux-address " + aux.getKey());
      configs.set(i, configs.get(i).withAuxAddress(aux.getKey(), aux.getValue()));
    }
    return configs;
  }

  private int owner(InetAddress address, String what) {
    for (int i = 0; i < subnets.size(); i++) {
      if (subnets.get(i).contains(address)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "no matching subnet for " + what + " (subnets: " + subnets + ")");
  }

  private static boolean bool(String key, String value) {
    // Go's strconv.ParseBool, which Docker uses for these options.
    switch (value) {
      case "1": case "t": case "T": case "true": case "TRUE": case "True":
        return true;
      case "0": case "f": case "F": case "false": case "FALSE": case "False":
        return false;
      default:
        throw new IllegalArgumentException(
            key
                + " must be a boolean as Go's strconv.ParseBool reads it"
                + " (1, t, T, true, TRUE, True, 0, f, F, false, FALSE, False): \""
                + value
                + "\"");
    }
  }

  private static int integer(String key, String value) {
    if (!value.matches("[0-9]{1,9}")) {
      throw new IllegalArgumentException(
          key + " must be a decimal number: \"" + value + "\"");
    }
    return Integer.parseInt(value);
  }
}
