package io.netmodel.api.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.net.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OverlayNetworkSpecTest {

  @Test
  void hasDockersDefaults() {
    OverlayNetworkSpec spec = OverlayNetworkSpec.of("ov");
    assertThat(spec.mtu()).isEqualTo(1450);
    assertThat(spec.udpPort()).isEqualTo(4789);
    assertThat(spec.vni()).isEmpty();
    assertThat(spec.ipv4()).isEmpty();
    assertThat(spec.internal()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4096, 16777215})
  void acceptsVnisInRange(int vni) {
    assertThat(OverlayNetworkSpec.of("ov").withVni(vni).vni()).hasValue(vni);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 16777216})
  void rejectsVniOutOfRange(int vni) {
    assertThatThrownBy(() -> OverlayNetworkSpec.of("ov").withVni(vni))
        .hasMessage("VXLAN VNI out of range 1..16777215: " + vni);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1023, 49152, 65535})
  void rejectsUdpPortOutsideDockersRange(int port) {
    assertThatThrownBy(() -> OverlayNetworkSpec.of("ov").withUdpPort(port))
        .hasMessage("VXLAN UDP port out of range 1024..49151: " + port);
  }

  @Test
  void rejectsIpv6SubnetAndBadMtu() {
    assertThatThrownBy(
            () -> OverlayNetworkSpec.of("ov").withIpv4(IpamConfig.of(IpPrefix.parse("fd00::/64"))))
        .hasMessage("overlay subnet must be IPv4: fd00::/64");
    assertThatThrownBy(() -> OverlayNetworkSpec.of("ov").withMtu(65536))
        .hasMessage("MTU out of range 68..65535: 65536");
  }

  @Test
  void comparesByValue() {
    OverlayNetworkSpec a =
        OverlayNetworkSpec.of("ov").withVni(4097).withIpv4(IpamConfig.of(IpPrefix.parse("10.0.1.0/24")));
    OverlayNetworkSpec b =
        OverlayNetworkSpec.of("ov").withIpv4(IpamConfig.of(IpPrefix.parse("10.0.1.0/24"))).withVni(4097);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(a.withInternal(true));
    assertThat(a.toString()).contains("ov", "4097", "10.0.1.0/24");
  }
}
