package io.netmodel.api.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DriverOptionsTest {

  @Test
  void mapsBridgeOptionsOntoTheSpec() {
    NetworkSpec spec =
        DriverOptions.builder("bridge", "web")
            .subnet("172.30.0.0/16")
            .gateway("172.30.0.254")
            .ipRange("172.30.5.0/24")
            .auxAddress("router=172.30.0.2")
            .option("com.docker.network.bridge.name=br-web")
            .option(DriverOptions.BRIDGE_ENABLE_ICC, "false")
            .option(DriverOptions.BRIDGE_ENABLE_IP_MASQUERADE, "0")
            .option(DriverOptions.BRIDGE_HOST_BINDING_IPV4, "127.0.0.1")
            .option(DriverOptions.DRIVER_MTU, "9000")
            .internal(true)
            .build();
    assertThat(spec)
        .isEqualTo(
            BridgeNetworkSpec.builder("web")
                .bridgeName(InterfaceName.of("br-web"))
                .ipv4(
                    IpamConfig.of(IpPrefix.parse("172.30.0.0/16"), IpAddresses.parse("172.30.0.254"))
                        .withIpRange(IpPrefix.parse("172.30.5.0/24"))
                        .withAuxAddress("router", IpAddresses.parse("172.30.0.2")))
                .enableIcc(false)
                .enableIpMasquerade(false)
                .hostBindingAddress(IpAddresses.parse("127.0.0.1"))
                .mtu(9000)
                .internal(true)
                .build());
  }

  @ParameterizedTest
  @CsvSource({
    "1, true", "t, true", "T, true", "true, true", "TRUE, true", "True, true",
    "0, false", "f, false", "F, false", "false, false", "FALSE, false", "False, false",
  })
  void readsBooleansAsGoDoes(String text, boolean expected) {
    BridgeNetworkSpec spec =
        (BridgeNetworkSpec)
            DriverOptions.builder("bridge", "web").option(DriverOptions.BRIDGE_ENABLE_ICC, text).build();
    assertThat(spec.enableIcc()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"yes", "no", "on", "tRUE", "''", "2"})
  void refusesOtherBooleansQuotingThem(String text) {
    assertThatThrownBy(
            () -> DriverOptions.builder("bridge", "web").option(DriverOptions.BRIDGE_ENABLE_ICC, text).build())
        .hasMessageStartingWith(DriverOptions.BRIDGE_ENABLE_ICC + " must be a boolean")
        .hasMessageEndingWith("\"" + text + "\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bridge|parent",
        "bridge|foo",
        "bridge|com.docker.network.bridge.inhibit_ipv4",
        "macvlan|ipvlan_mode",
        "macvlan|com.docker.network.bridge.name",
        "ipvlan|macvlan_mode",
        "ipvlan|com.docker.network.driver.mtu",
        "overlay|parent",
        "overlay|encrypted",
      })
  void refusesOptionsTheDriverDoesNotTakeByName(String driver, String key) {
    assertThatThrownBy(() -> DriverOptions.builder(driver, "n").option(key, "x"))
        .hasMessage("unknown option for driver " + driver + ": " + key);
  }

  @Test
  void refusesUnknownDriversAndMalformedOptions() {
    assertThatThrownBy(() -> DriverOptions.builder("host", "n"))
        .hasMessage("network driver must be bridge, macvlan, ipvlan or overlay: \"host\"");
    assertThatThrownBy(() -> DriverOptions.builder("bridge", "n").option("novalue"))
        .hasMessage("option must be KEY=VALUE: \"novalue\"");
    assertThatThrownBy(() -> DriverOptions.builder("bridge", "n").option(DriverOptions.DRIVER_MTU, "15OO").build())
        .hasMessage(DriverOptions.DRIVER_MTU + " must be a decimal number: \"15OO\"");
    assertThatThrownBy(
            () -> DriverOptions.builder("bridge", "n").option(DriverOptions.BRIDGE_HOST_BINDING_IPV4, "::1").build())
        .hasMessage(DriverOptions.BRIDGE_HOST_BINDING_IPV4 + " must be an IPv4 address: \"::1\"");
    assertThatThrownBy(() -> DriverOptions.builder("bridge", "n").option(DriverOptions.BRIDGE_NAME, "a b").build())
        .hasMessageContaining("whitespace");
  }

  @Test
  void mapsMacvlanAndIpvlanOptions() {
    NetworkSpec macvlan =
        DriverOptions.builder("macvlan", "lan")
            .subnet("192.168.10.0/24")
            .gateway("192.168.10.1")
            .option("parent=eth0.10")
            .option("macvlan_mode=private")
            .build();
    assertThat(macvlan)
        .isEqualTo(
            MacvlanNetworkSpec.of("lan", ParentInterface.parse("eth0.10"))
                .withMode(MacvlanMode.PRIVATE)
                .withIpv4(IpamConfig.of(IpPrefix.parse("192.168.10.0/24"), IpAddresses.parse("192.168.10.1"))));
    NetworkSpec ipvlan =
        DriverOptions.builder("ipvlan", "lan")
            .option("parent=eth1")
            .option("ipvlan_mode=l3")
            .option("ipvlan_flag=vepa")
            .build();
    assertThat(ipvlan)
        .isEqualTo(
            IpvlanNetworkSpec.of("lan", ParentInterface.parse("eth1"))
                .withMode(IpvlanMode.L3)
                .withFlag(IpvlanFlag.VEPA));
    assertThat(DriverOptions.builder("ipvlan", "lan").build().internal()).isTrue();
    assertThatThrownBy(() -> DriverOptions.builder("macvlan", "lan").option("macvlan_mode=source").build())
        .hasMessage("macvlan_mode must be bridge, private, vepa or passthru: \"source\"");
    assertThatThrownBy(() -> DriverOptions.builder("macvlan", "lan").option("parent=lo").build())
        .hasMessageContaining("loopback");
  }

  @Test
  void mapsOverlayOptionsWithDockersMtuArithmetic() {
    OverlayNetworkSpec spec =
        (OverlayNetworkSpec)
            DriverOptions.builder("overlay", "ov")
                .subnet("10.0.9.0/24")
                .option(DriverOptions.OVERLAY_VXLANID_LIST, "4097")
                .option(DriverOptions.DRIVER_MTU, "9000")
                .build();
    assertThat(spec.vni()).hasValue(4097);
    assertThat(spec.mtu()).isEqualTo(8950);
    assertThat(spec.ipv4().orElseThrow().subnet()).isEqualTo(IpPrefix.parse("10.0.9.0/24"));
    assertThatThrownBy(
            () -> DriverOptions.builder("overlay", "ov").option(DriverOptions.OVERLAY_VXLANID_LIST, "4097,4098").build())
        .hasMessageContaining("one VNI per subnet")
        .hasMessageContaining("\"4097,4098\"");
    assertThatThrownBy(
            () -> DriverOptions.builder("overlay", "ov").subnet("fd00::/64").ipv6(true).build())
        .hasMessage("overlay networks are IPv4 only here: fd00::/64");
  }

  @Test
  void pairsGatewaysRangesAndAuxAddressesWithTheSubnetThatHoldsThem() {
    BridgeNetworkSpec spec =
        (BridgeNetworkSpec)
            DriverOptions.builder("bridge", "dual")
                .subnet("10.1.0.0/24")
                .subnet("fd00:1::/64")
                .gateway("fd00:1::1")
                .gateway("10.1.0.1")
                .ipRange("fd00:1::/80")
                .auxAddress("a=10.1.0.5")
                .auxAddress("b=fd00:1::5")
                .ipv6(true)
                .build();
    assertThat(spec.ipv4().orElseThrow().gateway()).contains(IpAddresses.parse("10.1.0.1"));
    assertThat(spec.ipv4().orElseThrow().auxAddresses()).containsOnlyKeys("a");
    assertThat(spec.ipv4().orElseThrow().ipRange()).isEmpty();
    assertThat(spec.ipv6().orElseThrow().gateway()).contains(IpAddresses.parse("fd00:1::1"));
    assertThat(spec.ipv6().orElseThrow().ipRange()).contains(IpPrefix.parse("fd00:1::/80"));
    assertThat(spec.ipv6().orElseThrow().auxAddresses()).containsOnlyKeys("b");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.1.0.0/24|10.2.0.1||no matching subnet for gateway 10.2.0.1",
        "10.1.0.0/24||10.2.0.0/24|no matching subnet for ip-range 10.2.0.0/24",
        "|10.1.0.1||need a --subnet",
        "10.1.0.0/24 10.1.0.0/16|||subnets overlap",
        "10.1.0.0/24 10.2.0.0/24|||at most one IPv4 and one IPv6 subnet",
        "10.1.0.1/24|||subnet must have no host bits (did you mean 10.1.0.0/24?)",
        "fd00::/64|||IPv6 subnet fd00::/64 needs --ipv6",
      })
  void refusesIpamFlagsDockerRefuses(String subnets, String gateway, String range, String why) {
    DriverOptions options = DriverOptions.builder("bridge", "n");
    if (subnets != null) {
      for (String s : subnets.split(" ")) {
        options.subnet(s);
      }
    }
    if (gateway != null) {
      options.gateway(gateway);
    }
    if (range != null) {
      options.ipRange(range);
    }
    assertThatThrownBy(options::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why);
  }

  @Test
  void refusesSecondGatewayOrRangeForOneSubnetAndDuplicateAuxNames() {
    assertThatThrownBy(
            () -> DriverOptions.builder("bridge", "n").subnet("10.1.0.0/24").gateway("10.1.0.1").gateway("10.1.0.2").build())
        .hasMessage("cannot have more than one gateway per subnet: 10.1.0.0/24");
    assertThatThrownBy(
            () -> DriverOptions.builder("bridge", "n").subnet("10.1.0.0/24").ipRange("10.1.0.0/25").ipRange("10.1.0.128/25").build())
        .hasMessage("cannot have more than one ip-range per subnet: 10.1.0.0/24");
    assertThatThrownBy(() -> DriverOptions.builder("bridge", "n").auxAddress("a=10.0.0.1").auxAddress("a=10.0.0.2"))
        .hasMessage("aux-address name given twice: \"a\"");
    assertThatThrownBy(() -> DriverOptions.builder("bridge", "n").auxAddress("10.0.0.1"))
        .hasMessage("aux-address must be NAME=IP: \"10.0.0.1\"");
    assertThatThrownBy(() -> DriverOptions.builder("bridge", "n").ipv6(true).build())
        .hasMessage("--ipv6 needs an IPv6 --subnet");
  }
}
