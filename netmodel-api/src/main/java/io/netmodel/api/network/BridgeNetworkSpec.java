package io.netmodel.api.network;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A bridge network: a Linux bridge on the host, one veth pair per sandbox, NAT to the
 * outside. Defaults are Docker's: the driver picks the device name and (when none is given)
 * a free subnet from {@link DefaultAddressPools}; MTU 1500; inter-container communication
 * and IP masquerading on; ports published on all host addresses.
 *
 * <pre>{@code
 * BridgeNetworkSpec spec = BridgeNetworkSpec.builder("web")
 *     .ipv4(IpamConfig.of(IpPrefix.parse("172.30.0.0/16")))
 *     .mtu(1450)
 *     .build();
 * }</pre>
 *
 * @param name the network's name
 * @param bridgeName the bridge device's name; empty: the driver chooses
 * @param ipv4 the IPv4 subnet; empty: the driver picks one from the default pools
 * @param ipv6 the IPv6 subnet, when the network has IPv6
 * @param mtu the MTU of the bridge and the veths, 68..65535
 * @param internal no route to the outside, no masquerade
 * @param enableIcc whether sandboxes on the network may talk to each other
 * @param enableIpMasquerade whether traffic to the outside takes the host's address
 * @param hostBindingAddress the default host address for published ports
 */
public record BridgeNetworkSpec(
    String name,
    Optional<InterfaceName> bridgeName,
    Optional<IpamConfig> ipv4,
    Optional<IpamConfig> ipv6,
    int mtu,
    boolean internal,
    boolean enableIcc,
    boolean enableIpMasquerade,
    InetAddress hostBindingAddress)
    implements NetworkSpec {

  /** Docker's default MTU. */
  public static final int DEFAULT_MTU = 1500;

  /** The name of the default bridge network. */
  public static final String DEFAULT_NETWORK = "bridge";

  /** netmodel's device for the default network; not {@code docker0}, so both can coexist. */
  public static final InterfaceName DEFAULT_BRIDGE_DEVICE = InterfaceName.of("nm0");

  public BridgeNetworkSpec {
    NetworkSpec.checkName(name);
    Objects.requireNonNull(bridgeName, "bridgeName");
    Objects.requireNonNull(ipv4, "ipv4");
    Objects.requireNonNull(ipv6, "ipv6");
    Objects.requireNonNull(hostBindingAddress, "hostBindingAddress");
    Subnets.checkFamilies(ipv4, ipv6);
    checkMtu(mtu);
  }

  static int checkMtu(int mtu) {
    if (mtu < 68 || mtu > 65535) {
      throw new IllegalArgumentException("MTU out of range 68..65535: " + mtu);
    }
    return mtu;
  }

  /** Docker's default {@code bridge} network: 172.17.0.0/16, gateway 172.17.0.1, MTU 1500. */
  public static BridgeNetworkSpec defaultBridge() {
    return builder(DEFAULT_NETWORK)
        .bridgeName(DEFAULT_BRIDGE_DEVICE)
        .ipv4(
            IpamConfig.of(
                IpPrefix.parse("172.17.0.0/16"), IpAddresses.parse("172.17.0.1")))
        .build();
  }

  /** A builder for network {@code name}, with Docker's defaults. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this spec's values. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.bridgeName = bridgeName;
    b.ipv4 = ipv4;
    b.ipv6 = ipv6;
    b.mtu = mtu;
    b.internal = internal;
    b.enableIcc = enableIcc;
    b.enableIpMasquerade = enableIpMasquerade;
    b.hostBindingAddress = hostBindingAddress;
    return b;
  }

  @Override
  public String driver() {
    return "bridge";
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.bridge(this);
  }

  /** Builds a {@link BridgeNetworkSpec}; each setter checks its value. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private Optional<InterfaceName> bridgeName = Optional.empty();
    private Optional<IpamConfig> ipv4 = Optional.empty();
    private Optional<IpamConfig> ipv6 = Optional.empty();
    private int mtu = DEFAULT_MTU;
    private boolean internal;
    private boolean enableIcc = true;
    private boolean enableIpMasquerade = true;
    private InetAddress hostBindingAddress = IpAddresses.parse("0.0.0.0");

    private Builder(String name) {
      this.name = NetworkSpec.checkName(name);
    }

    public Builder bridgeName(InterfaceName value) {
      this.bridgeName = Optional.of(value);
      return this;
    }

    public Builder ipv4(IpamConfig value) {
      if (!value.isIpv4()) {
        throw new IllegalArgumentException("ipv4 subnet is not IPv4: " + value.subnet());
      }
      this.ipv4 = Optional.of(value);
      return this;
    }

    public Builder ipv6(IpamConfig value) {
      if (value.isIpv4()) {
        throw new IllegalArgumentException("ipv6 subnet is not IPv6: " + value.subnet());
      }
      this.ipv6 = Optional.of(value);
      return this;
    }

    public Builder mtu(int value) {
      this.mtu = checkMtu(value);
      return this;
    }

    public Builder internal(boolean value) {
      this.internal = value;
      return this;
    }

    public Builder enableIcc(boolean value) {
      this.enableIcc = value;
      return this;
    }

    public Builder enableIpMasquerade(boolean value) {
      this.enableIpMasquerade = value;
      return this;
    }

    public Builder hostBindingAddress(InetAddress value) {
      this.hostBindingAddress = Objects.requireNonNull(value, "hostBindingAddress");
      return this;
    }

    public BridgeNetworkSpec build() {
      return new BridgeNetworkSpec(
          name, bridgeName, ipv4, ipv6, mtu, internal, enableIcc, enableIpMasquerade,
          hostBindingAddress);
    }
  }
}
