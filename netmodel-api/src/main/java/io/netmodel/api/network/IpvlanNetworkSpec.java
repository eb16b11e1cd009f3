package io.netmodel.api.network;

import java.util.Objects;
import java.util.Optional;

/**
 * An ipvlan network: like macvlan, but the sandboxes' devices share the parent's MAC
 * address. In l3 and l3s modes the default route is a device route with no gateway.
 *
 * @param name the network's name
 * @param parent the parent interface, possibly a VLAN sub-interface
 * @param mode l2 (default), l3 or l3s
 * @param flag bridge (default), private or vepa
 * @param ipv4 the IPv4 subnet; empty: picked from the default pools
 * @param ipv6 the IPv6 subnet, if any
 * @param internal no default route; forced when there is no parent
 */
public record IpvlanNetworkSpec(
    String name,
    Optional<ParentInterface> parent,
    IpvlanMode mode,
    IpvlanFlag flag,
    Optional<IpamConfig> ipv4,
    Optional<IpamConfig> ipv6,
    boolean internal)
    implements NetworkSpec {

  public IpvlanNetworkSpec {
    NetworkSpec.checkName(name);
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(ipv4, "ipv4");
    Objects.requireNonNull(ipv6, "ipv6");
    Subnets.checkFamilies(ipv4, ipv6);
    if (parent.isEmpty()) {
      internal = true;
    }
  }

  /** An l2, bridge-flag ipvlan network on {@code parent}. */
  public static IpvlanNetworkSpec of(String name, ParentInterface parent) {
    return new IpvlanNetworkSpec(
        name, Optional.of(parent), IpvlanMode.L2, IpvlanFlag.BRIDGE, Optional.empty(),
        Optional.empty(), false);
  }

  public IpvlanNetworkSpec withMode(IpvlanMode value) {
    return new IpvlanNetworkSpec(name, parent, value, flag, ipv4, ipv6, internal);
  }

  public IpvlanNetworkSpec withFlag(IpvlanFlag value) {
    return new IpvlanNetworkSpec(name, parent, mode, value, ipv4, ipv6, internal);
  }

  public IpvlanNetworkSpec withIpv4(IpamConfig value) {
    return new IpvlanNetworkSpec(name, parent, mode, flag, Optional.of(value), ipv6, internal);
  }

  public IpvlanNetworkSpec withIpv6(IpamConfig value) {
    return new IpvlanNetworkSpec(name, parent, mode, flag, ipv4, Optional.of(value), internal);
  }

  public IpvlanNetworkSpec withInternal(boolean value) {
    return new IpvlanNetworkSpec(name, parent, mode, flag, ipv4, ipv6, value);
  }

  @Override
  public String driver() {
    return "ipvlan";
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.ipvlan(this);
  }
}
