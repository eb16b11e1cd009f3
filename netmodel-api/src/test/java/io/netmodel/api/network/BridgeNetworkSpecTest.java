package io.netmodel.api.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BridgeNetworkSpecTest {

  @Test
  void defaultBridgeIsDockersOnItsOwnDevice() {
    BridgeNetworkSpec spec = BridgeNetworkSpec.defaultBridge();
    assertThat(spec.name()).isEqualTo("bridge");
    assertThat(spec.driver()).isEqualTo("bridge");
    assertThat(spec.bridgeName()).contains(InterfaceName.of("nm0"));
    assertThat(spec.ipv4().orElseThrow().subnet()).isEqualTo(IpPrefix.parse("172.17.0.0/16"));
    assertThat(spec.ipv4().orElseThrow().gateway()).contains(IpAddresses.parse("172.17.0.1"));
    assertThat(spec.ipv6()).isEmpty();
    assertThat(spec.mtu()).isEqualTo(1500);
    assertThat(spec.internal()).isFalse();
    assertThat(spec.enableIcc()).isTrue();
    assertThat(spec.enableIpMasquerade()).isTrue();
    assertThat(spec.hostBindingAddress()).isEqualTo(IpAddresses.parse("0.0.0.0"));
  }

  @Test
  void builderStartsFromDockersDefaults() {
    BridgeNetworkSpec spec = BridgeNetworkSpec.builder("web").build();
    assertThat(spec.bridgeName()).isEmpty();
    assertThat(spec.ipv4()).isEmpty();
    assertThat(spec.mtu()).isEqualTo(BridgeNetworkSpec.DEFAULT_MTU);
    assertThat(spec.enableIcc()).isTrue();
    assertThat(spec.enableIpMasquerade()).isTrue();
  }

  @Test
  void builderSetsEverySetting() {
    BridgeNetworkSpec spec =
        BridgeNetworkSpec.builder("web")
            .bridgeName(InterfaceName.of("br-web"))
            .ipv4(IpamConfig.of(IpPrefix.parse("172.30.0.0/16")))
            .ipv6(IpamConfig.of(IpPrefix.parse("fd00:30::/64")))
            .mtu(9000)
            .internal(true)
            .enableIcc(false)
            .enableIpMasquerade(false)
            .hostBindingAddress(IpAddresses.parse("127.0.0.1"))
            .build();
    assertThat(spec.toBuilder().build()).isEqualTo(spec);
    assertThat(spec.toString()).contains("web", "br-web", "172.30.0.0/16", "fd00:30::/64", "9000");
    assertThat(spec)
        .isEqualTo(
            new BridgeNetworkSpec(
                "web",
                Optional.of(InterfaceName.of("br-web")),
                Optional.of(IpamConfig.of(IpPrefix.parse("172.30.0.0/16"))),
                Optional.of(IpamConfig.of(IpPrefix.parse("fd00:30::/64"))),
                9000,
                true,
                false,
                false,
                IpAddresses.parse("127.0.0.1")));
    assertThat(spec).isNotEqualTo(spec.toBuilder().mtu(1500).build());
  }

  @ParameterizedTest
  @ValueSource(ints = {67, 0, -1, 65536, 70000})
  void rejectsMtuOutOfRange(int mtu) {
    assertThatThrownBy(() -> BridgeNetworkSpec.builder("web").mtu(mtu))
        .hasMessage("MTU out of range 68..65535: " + mtu);
  }

  @ParameterizedTest
  @ValueSource(ints = {68, 1280, 1500, 65535})
  void acceptsMtuInRange(int mtu) {
    assertThat(BridgeNetworkSpec.builder("web").mtu(mtu).build().mtu()).isEqualTo(mtu);
  }

  @Test
  void rejectsSubnetsOfTheWrongFamily() {
    assertThatThrownBy(
            () -> BridgeNetworkSpec.builder("web").ipv4(IpamConfig.of(IpPrefix.parse("fd00::/64"))))
        .hasMessage("ipv4 subnet is not IPv4: fd00::/64");
    assertThatThrownBy(
            () -> BridgeNetworkSpec.builder("web").ipv6(IpamConfig.of(IpPrefix.parse("10.0.0.0/8"))))
        .hasMessage("ipv6 subnet is not IPv6: 10.0.0.0/8");
  }

  @Test
  void rejectsBadNameInBuilder() {
    assertThatThrownBy(() -> BridgeNetworkSpec.builder("-web"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"-web\"");
  }
}
