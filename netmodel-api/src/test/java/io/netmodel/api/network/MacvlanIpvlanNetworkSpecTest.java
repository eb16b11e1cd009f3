package io.netmodel.api.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpPrefix;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MacvlanIpvlanNetworkSpecTest {

  @ParameterizedTest
  @CsvSource({
    "eth0, eth0, ''",
    "eth0.10, eth0, 10",
    "eth0.1, eth0, 1",
    "eth0.4094, eth0, 4094",
    "bond0.100, bond0, 100",
    "br.lan, br.lan, ''",
    "a.b.20, a.b, 20",
    "eth0., eth0., ''",
  })
  void readsVlanSubInterfacesFromTheParentName(String text, String base, String vlan) {
    ParentInterface parent = ParentInterface.parse(text);
    assertThat(parent.name()).isEqualTo(InterfaceName.of(text));
    assertThat(parent.base()).isEqualTo(InterfaceName.of(base));
    assertThat(parent.vlanId())
        .isEqualTo(vlan.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(vlan)));
    assertThat(parent.toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "eth0.0|VLAN id of parent out of range 1..4094",
        "eth0.4095|VLAN id of parent out of range 1..4094",
        "eth0.99999|VLAN id of parent out of range 1..4094",
        "lo|loopback",
        "eth 0|whitespace",
        "averyveryverylongname|at most 15 bytes",
      })
  void refusesBadParents(String text, String rule) {
    assertThatThrownBy(() -> ParentInterface.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(rule)
        .hasMessageContaining("\"" + text + "\"");
  }

  @Test
  void refusesInconsistentParentRecords() {
    assertThatThrownBy(
            () ->
                new ParentInterface(
                    InterfaceName.of("eth0.10"), InterfaceName.of("eth1"), Optional.of(10)))
        .hasMessage("parent eth0.10 has base eth0 and VLAN id 10, not eth1 and 10");
  }

  @Test
  void macvlanDefaultsToBridgeModeAndForcesInternalWithoutParent() {
    MacvlanNetworkSpec spec = MacvlanNetworkSpec.of("lan", ParentInterface.parse("eth0.10"));
    assertThat(spec.mode()).isEqualTo(MacvlanMode.BRIDGE);
    assertThat(spec.internal()).isFalse();
    assertThat(spec.parent().orElseThrow().vlanId()).contains(10);
    MacvlanNetworkSpec parentless =
        new MacvlanNetworkSpec(
            "lan", Optional.empty(), MacvlanMode.BRIDGE, Optional.empty(), Optional.empty(),
            OptionalInt.empty(), false);
    assertThat(parentless.internal()).isTrue();
    assertThat(spec.withMode(MacvlanMode.PASSTHRU).mode()).isEqualTo(MacvlanMode.PASSTHRU);
    assertThat(spec.withMtu(9000).mtu()).hasValue(9000);
    assertThatThrownBy(() -> spec.withMtu(67)).hasMessage("MTU out of range 68..65535: 67");
    assertThat(spec.withIpv4(IpamConfig.of(IpPrefix.parse("192.168.10.0/24"))))
        .isEqualTo(spec.withIpv4(IpamConfig.of(IpPrefix.parse("192.168.10.0/24"))));
    assertThatThrownBy(() -> spec.withIpv6(IpamConfig.of(IpPrefix.parse("10.0.0.0/8"))))
        .hasMessage("ipv6 subnet is not IPv6: 10.0.0.0/8");
  }

  @Test
  void ipvlanDefaultsToL2BridgeAndForcesInternalWithoutParent() {
    IpvlanNetworkSpec spec = IpvlanNetworkSpec.of("lan", ParentInterface.parse("eth0"));
    assertThat(spec.mode()).isEqualTo(IpvlanMode.L2);
    assertThat(spec.flag()).isEqualTo(IpvlanFlag.BRIDGE);
    assertThat(spec.internal()).isFalse();
    IpvlanNetworkSpec parentless =
        new IpvlanNetworkSpec(
            "lan", Optional.empty(), IpvlanMode.L3, IpvlanFlag.VEPA, Optional.empty(),
            Optional.empty(), false);
    assertThat(parentless.internal()).isTrue();
    assertThat(spec.withMode(IpvlanMode.L3S).withFlag(IpvlanFlag.PRIVATE).toString())
        .contains("l3s", "private", "eth0");
    assertThatThrownBy(() -> spec.withIpv4(IpamConfig.of(IpPrefix.parse("fd00::/64"))))
        .hasMessage("ipv4 subnet is not IPv4: fd00::/64");
  }

  @ParameterizedTest
  @EnumSource(MacvlanMode.class)
  void macvlanModesRoundTripThroughDockerText(MacvlanMode mode) {
    assertThat(MacvlanMode.parse(mode.toString())).isEqualTo(mode);
  }

  @ParameterizedTest
  @EnumSource(IpvlanMode.class)
  void ipvlanModesRoundTripThroughDockerText(IpvlanMode mode) {
    assertThat(IpvlanMode.parse(mode.toString())).isEqualTo(mode);
  }

  @ParameterizedTest
  @EnumSource(IpvlanFlag.class)
  void ipvlanFlagsRoundTripThroughDockerText(IpvlanFlag flag) {
    assertThat(IpvlanFlag.parse(flag.toString())).isEqualTo(flag);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bridge", "BRIDGE", "source", "l2"})
  void refusesOtherMacvlanModesAsDockerDoes(String text) {
    assertThatThrownBy(() -> MacvlanMode.parse(text))
        .hasMessage("macvlan_mode must be bridge, private, vepa or passthru: \"" + text + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "L2", "l4", "bridge"})
  void refusesOtherIpvlanModes(String text) {
    assertThatThrownBy(() -> IpvlanMode.parse(text))
        .hasMessage("ipvlan_mode must be l2, l3 or l3s: \"" + text + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bridge", "passthru", "l2"})
  void refusesOtherIpvlanFlags(String text) {
    assertThatThrownBy(() -> IpvlanFlag.parse(text))
        .hasMessage("ipvlan_flag must be bridge, private or vepa: \"" + text + "\"");
  }
}
