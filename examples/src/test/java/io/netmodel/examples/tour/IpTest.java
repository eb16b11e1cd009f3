package io.netmodel.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpTest {
  // What iproute2 6.1 prints for `ip -j addr` in a namespace with lo and one veth end.
  private static final String ADDR =
      "[{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\",\"UP\",\"LOWER_UP\"],"
          + "\"mtu\":65536,"
          + "\"addr_info\":[{\"family\":\"inet\",\"local\":\"127.0.0.1\",\"prefixlen\":8,"
          + "\"scope\":\"host\",\"label\":\"lo\"},{\"family\":\"inet6\",\"local\":\"::1\","
          + "\"prefixlen\":128,\"scope\":\"host\"}]},"
          + "{\"ifindex\":2,\"link_index\":2,\"ifname\":\"eth0\",\"flags\":[\"BROADCAST\"],"
          + "\"addr_info\":[{\"family\":\"inet\",\"local\":\"192.168.77.123\",\"prefixlen\":24}]},"
          + "{\"ifindex\":3,\"ifname\":\"veth-con1\",\"addr_info\":[]}]";

  @Test
  void readsInterfacesWithTheirAddressesInOrder() {
    List<Interface> interfaces = Ip.parseInterfaces(ADDR);

    assertThat(interfaces)
        .containsExactly(
            new Interface("lo", List.of("127.0.0.1/8", "::1/128")),
            new Interface("eth0", List.of("192.168.77.123/24")),
            new Interface("veth-con1", List.of()));
    assertThat(Interface.names(interfaces)).isEqualTo("lo, eth0, veth-con1");
    assertThat(Interface.ipv4(interfaces)).isEqualTo("127.0.0.1/8, 192.168.77.123/24");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "", "\n"})
  void readsNoRoutesFromAnEmptyTable(String printed) {
    assertThat(Ip.parseRouteTable(printed)).isEmpty();
  }

  @Test
  void readsRoutesWithTheirGatewaysAndDevices() {
    String printed =
        "[{\"dst\":\"default\",\"gateway\":\"172.17.0.1\",\"dev\":\"eth0\",\"flags\":[]},"
            + "{\"dst\":\"192.168.77.0/24\",\"dev\":\"eth0\",\"protocol\":\"kernel\","
            + "\"scope\":\"link\",\"prefsrc\":\"192.168.77.123\",\"flags\":[]}]";

    List<World.RouteEntry> routes = Ip.parseRouteTable(printed);

    assertThat(routes)
        .containsExactly(
            new World.RouteEntry("default", Optional.of("172.17.0.1"), "eth0"),
            new World.RouteEntry("192.168.77.0/24", Optional.empty(), "eth0"));
    assertThat(routes.get(0).isDefault()).isTrue();
    assertThat(routes).map(World.RouteEntry::toString)
        .containsExactly("default via 172.17.0.1 dev eth0", "192.168.77.0/24 dev eth0");
  }

  @Test
  void readsLinksWithKindPeerAndMaster() {
    // What iproute2 6.1 prints for `ip -j -d link` (trimmed) on a host with a bridge port.
    String printed =
        "[{\"ifindex\":1,\"ifname\":\"lo\",\"address\":\"00:00:00:00:00:00\"},"
            + "{\"ifindex\":5,\"link_index\":2,\"ifname\":\"vethb1\",\"master\":\"nm0\","
            + "\"address\":\"9a:2c:11:00:00:01\",\"linkinfo\":{\"info_kind\":\"veth\"}}]";

    assertThat(Ip.parseLinks(printed))
        .containsExactly(
            new World.LinkEntry(
                1, "lo", "", "00:00:00:00:00:00", OptionalInt.empty(), Optional.empty()),
            new World.LinkEntry(
                5, "vethb1", "veth", "9a:2c:11:00:00:01", OptionalInt.of(2), Optional.of("nm0")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"ifname\":\"lo\"}", "Object \"adr\" is unknown", "[{"})
  void refusesOutputThatIsNotAJsonArray(String printed) {
    assertThatThrownBy(() -> Ip.parseInterfaces(printed))
        .isInstanceOf(TourException.class)
        .hasMessageContaining("`ip -j addr`");
  }
}
