package io.netmodel.api.network;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A macvlan network: each sandbox gets a macvlan device on the parent, with a MAC address of
 * its own, straight on the parent's network. Without a parent the driver makes a dummy one
 * and the network is internal, as Docker does.
 *
 * @param name the network's name
 * @param parent the parent interface, possibly a VLAN sub-interface
 * @param mode the macvlan mode (default bridge)
 * @param ipv4 the IPv4 subnet; empty: picked from the default pools
 * @param ipv6 the IPv6 subnet, if any
 * @param mtu the MTU, when not the parent's
 * @param internal no default route; forced when there is no parent
 */
public record MacvlanNetworkSpec(
    String name,
    Optional<ParentInterface> parent,
    MacvlanMode mode,
    Optional<IpamConfig> ipv4,
    Optional<IpamConfig> ipv6,
    OptionalInt mtu,
    boolean internal)
    implements NetworkSpec {

  public MacvlanNetworkSpec {
    NetworkSpec.checkName(name);
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(ipv4, "ipv4");
    Objects.requireNonNull(ipv6, "ipv6");
    Objects.requireNonNull(mtu, "mtu");
    mtu.ifPresent(BridgeNetworkSpec::checkMtu);
    Subnets.checkFamilies(ipv4, ipv6);
    if (parent.isEmpty()) {
      internal = true;
    }
  }

  /** A bridge-mode macvlan network on {@code parent}, subnet from the default pools. */
  public static MacvlanNetworkSpec of(String name, ParentInterface parent) {
    return new MacvlanNetworkSpec(
        name, Optional.of(parent), MacvlanMode.BRIDGE, Optional.empty(), Optional.empty(),
        OptionalInt.empty(), false);
  }

  public MacvlanNetworkSpec withMode(MacvlanMode value) {
    return new MacvlanNetworkSpec(name, parent, value, ipv4, ipv6, mtu, internal);
  }

  public MacvlanNetworkSpec withIpv4(IpamConfig value) {
    return new MacvlanNetworkSpec(name, parent, mode, Optional.of(value), ipv6, mtu, internal);
  }

  public MacvlanNetworkSpec withIpv6(IpamConfig value) {
    return new MacvlanNetworkSpec(name, parent, mode, ipv4, Optional.of(value), mtu, internal);
  }

  public MacvlanNetworkSpec withMtu(int value) {
    return new MacvlanNetworkSpec(name, parent, mode, ipv4, ipv6, OptionalInt.of(value), internal);
  }

  public MacvlanNetworkSpec withInternal(boolean value) {
    return new MacvlanNetworkSpec(name, parent, mode, ipv4, ipv6, mtu, value);
  }

  @Override
  public String driver() {
    return "macvlan";
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.macvlan(this);
  }
}
