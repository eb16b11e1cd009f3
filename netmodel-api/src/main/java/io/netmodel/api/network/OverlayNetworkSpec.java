package io.netmodel.api.network;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An overlay network: on each host a bridge and a VXLAN device carry the network between
 * hosts. Docker's defaults: MTU 1450 (1500 less the 50 bytes of VXLAN encapsulation), UDP
 * port 4789; the VNI is allocated when not given.
 *
 * @param name the network's name
 * @param vni the VXLAN network identifier, 1..16777215; empty: allocated
 * @param ipv4 the subnet; empty: picked from the global default pool
 * @param mtu the MTU inside the network
 * @param udpPort the VXLAN UDP port
 * @param internal no route to the outside
 */
public record OverlayNetworkSpec(
    String name,
    OptionalInt vni,
    Optional<IpamConfig> ipv4,
    int mtu,
    int udpPort,
    boolean internal)
    implements NetworkSpec {

  /** Docker's overlay MTU. */
  public static final int DEFAULT_MTU = 1450;

  /** The IANA VXLAN port, Docker's default. */
  public static final int DEFAULT_UDP_PORT = 4789;

  /** What VXLAN encapsulation adds to a frame, which Docker takes off the underlay MTU. */
  public static final int VXLAN_OVERHEAD = 50;

  public OverlayNetworkSpec {
    NetworkSpec.checkName(name);
    Objects.requireNonNull(vni, "vni");
    Objects.requireNonNull(ipv4, "ipv4");
    vni.ifPresent(
        v -> {
          if (v < 1 || v > 0xFFFFFF) {
            throw new IllegalArgumentException("VXLAN VNI out of range 1..16777215: " + v);
          }
        });
    ipv4.ifPresent(
        c -> {
          if (!c.isIpv4()) {
            throw new IllegalArgumentException("overlay subnet must be IPv4: " + c.subnet());
          }
        });
    BridgeNetworkSpec.checkMtu(mtu);
    // Docker's range for the VXLAN data path port (overlayutils.ConfigVXLANUDPPort).
    if (udpPort < 1024 || udpPort > 49151) {
      throw new IllegalArgumentException("VXLAN UDP port out of range 1024..49151: " + udpPort);
    }
  }

  /** An overlay network with Docker's defaults. */
  public static OverlayNetworkSpec of(String name) {
    return new OverlayNetworkSpec(
        name, OptionalInt.empty(), Optional.empty(), DEFAULT_MTU, DEFAULT_UDP_PORT, false);
  }

  public OverlayNetworkSpec withVni(int value) {
    return new OverlayNetworkSpec(name, OptionalInt.of(value), ipv4, mtu, udpPort, internal);
  }

  public OverlayNetworkSpec withIpv4(IpamConfig value) {
    return new OverlayNetworkSpec(name, vni, Optional.of(value), mtu, udpPort, internal);
  }

  public OverlayNetworkSpec withMtu(int value) {
    return new OverlayNetworkSpec(name, vni, ipv4, value, udpPort, internal);
  }

  public OverlayNetworkSpec withUdpPort(int value) {
    return new OverlayNetworkSpec(name, vni, ipv4, mtu, value, internal);
  }

  public OverlayNetworkSpec withInternal(boolean value) {
    return new OverlayNetworkSpec(name, vni, ipv4, mtu, udpPort, value);
  }

  @Override
  public String driver() {
    return "overlay";
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.overlay(this);
  }
}
