package io.netmodel.api.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpamConfigTest {

  private static IpamConfig config(String subnet) {
    return IpamConfig.of(IpPrefix.parse(subnet));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/24|10.1.0.1|gateway 10.1.0.1 is outside subnet 10.0.0.0/24",
        "10.0.0.0/24|10.0.0.0|gateway 10.0.0.0 is the network address of subnet 10.0.0.0/24",
        "10.0.0.0/24|10.0.0.255|gateway 10.0.0.255 is the broadcast address of subnet 10.0.0.0/24",
        "fd00::/64|fd01::1|gateway fd01::1 is outside subnet fd00::/64",
        "fd00::/64|fd00::|gateway fd00:: is the network address of subnet fd00::/64",
        "10.0.0.0/24|fd00::1|gateway fd00::1 is outside subnet 10.0.0.0/24",
      })
  void rejectsGatewayOutsideSubnetOrOnItsEdges(String subnet, String gateway, String message) {
    assertThatThrownBy(() -> config(subnet).withGateway(IpAddresses.parse(gateway)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({"10.0.0.0/24, 10.0.0.1", "10.0.0.0/24, 10.0.0.254", "fd00::/64, fd00::1",
    "fd00::/64, fd00::ffff:ffff:ffff:ffff"})
  void acceptsGatewaysInsideTheSubnet(String subnet, String gateway) {
    assertThat(config(subnet).withGateway(IpAddresses.parse(gateway)).gateway())
        .contains(IpAddresses.parse(gateway));
  }

  @Test
  void rejectsSubnetWithHostBitsSuggestingTheNetwork() {
    assertThatThrownBy(() -> config("10.0.0.1/24"))
        .hasMessage("subnet must have no host bits (did you mean 10.0.0.0/24?): 10.0.0.1/24");
  }

  @ParameterizedTest
  @CsvSource({"10.0.0.0/31", "10.0.0.1/32", "fd00::/127"})
  void rejectsSubnetsTooSmallForAGatewayAndAnEndpoint(String subnet) {
    assertThatThrownBy(() -> config(subnet)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(subnet);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/24|10.1.0.0/28|ip-range 10.1.0.0/28 is outside subnet 10.0.0.0/24",
        "10.0.0.0/24|10.0.0.0/23|ip-range 10.0.0.0/23 is outside subnet 10.0.0.0/24",
        "10.0.0.0/24|10.0.0.5/28|ip-range must have no host bits: 10.0.0.5/28",
      })
  void rejectsIpRangeOutsideSubnet(String subnet, String range, String message) {
    assertThatThrownBy(() -> config(subnet).withIpRange(IpPrefix.parse(range)))
        .hasMessage(message);
  }

  @Test
  void rejectsAuxAddressOutsideSubnetOrNamelessNaming() {
    assertThatThrownBy(() -> config("10.0.0.0/24").withAuxAddress("router", IpAddresses.parse("10.0.1.5")))
        .hasMessage("aux-address router 10.0.1.5 is outside subnet 10.0.0.0/24");
    assertThatThrownBy(() -> config("10.0.0.0/24").withAuxAddress("", IpAddresses.parse("10.0.0.5")))
        .hasMessage("aux-address name must be non-empty and without '=': \"\"");
  }

  @Test
  void holdsEverythingAndPrintsItInOrder() {
    IpamConfig c =
        config("10.0.0.0/24")
            .withGateway(IpAddresses.parse("10.0.0.1"))
            .withIpRange(IpPrefix.parse("10.0.0.128/25"))
            .withAuxAddress("z", IpAddresses.parse("10.0.0.9"))
            .withAuxAddress("a", IpAddresses.parse("10.0.0.8"));
    assertThat(c.toString())
        .isEqualTo(
            "subnet=10.0.0.0/24 gateway=10.0.0.1 ip-range=10.0.0.128/25"
                + " aux-address=a=10.0.0.8 aux-address=z=10.0.0.9");
    assertThat(c.auxAddresses()).containsOnlyKeys("a", "z");
    assertThat(c)
        .isEqualTo(
            new IpamConfig(
                IpPrefix.parse("10.0.0.0/24"),
                Optional.of(IpAddresses.parse("10.0.0.1")),
                Optional.of(IpPrefix.parse("10.0.0.128/25")),
                Map.of("a", IpAddresses.parse("10.0.0.8"), "z", IpAddresses.parse("10.0.0.9"))));
    assertThat(c.isIpv4()).isTrue();
  }

  @Test
  void takesTheFirstHostAsGatewayByDefault() {
    assertThat(config("172.18.0.0/16").effectiveGateway()).isEqualTo(IpAddresses.parse("172.18.0.1"));
    assertThat(IpamConfig.of(IpPrefix.parse("172.18.0.0/16"), IpAddresses.parse("172.18.0.254"))
            .effectiveGateway())
        .isEqualTo(IpAddresses.parse("172.18.0.254"));
  }
}
