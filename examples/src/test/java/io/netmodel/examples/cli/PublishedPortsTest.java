package io.netmodel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmodel.api.Endpoint;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.MacAddress;
import io.netmodel.api.net.PortMapping;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PublishedPortsTest {
  private static final String V4 = "172.17.0.2/16";
  private static final String V6 = "fd00::2/64";

  /** An endpoint with {@code addresses} publishing {@code ports} (as held). */
  private static Endpoint endpoint(List<String> addresses, String... ports) {
    return new Endpoint(
        "bridge",
        InterfaceName.of("eth0"),
        MacAddress.parse("02:42:ac:11:00:02"),
        addresses.stream().map(IpPrefix::parse).collect(Collectors.toList()),
        List.of(),
        List.of(),
        Arrays.stream(ports).map(PortMapping::parse).collect(Collectors.toList()),
        List.of());
  }

  static Stream<Arguments> psColumns() {
    return Stream.of(
        Arguments.of("every address, IPv4 only", List.of(V4), List.of("8080:80"),
            "0.0.0.0:8080->80/tcp"),
        Arguments.of("every address, dual stack: both families, IPv6 in brackets",
            List.of(V4, V6), List.of("8080:80"), "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp"),
        Arguments.of("every address, IPv6 only", List.of(V6), List.of("8080:80"),
            "[::]:8080->80/tcp"),
        Arguments.of("a host address and UDP", List.of(V4), List.of("127.0.0.1:32768:53/udp"),
            "127.0.0.1:32768->53/udp"),
        Arguments.of("an IPv6 host address", List.of(V4, V6), List.of("[::1]:8443:443"),
            "[::1]:8443->443/tcp"),
        Arguments.of("equal ports grouped into a range", List.of(V4), List.of("80-82:80-82"),
            "0.0.0.0:80-82->80-82/tcp"),
        Arguments.of("unequal ports listed one by one, after the groups", List.of(V4),
            List.of("9000-9001:80-81", "443:443"),
            "0.0.0.0:443->443/tcp, 0.0.0.0:9000->80/tcp, 0.0.0.0:9001->81/tcp"),
        Arguments.of("ordered by sandbox port, then address", List.of(V4),
            List.of("10.0.0.1:8081:81", "127.0.0.1:8080:80", "10.0.0.1:8080:80"),
            "10.0.0.1:8080->80/tcp, 127.0.0.1:8080->80/tcp, 10.0.0.1:8081->81/tcp"),
        Arguments.of("groups per protocol", List.of(V4), List.of("53:53/udp", "53:53/tcp"),
            "0.0.0.0:53->53/tcp, 0.0.0.0:53->53/udp"),
        Arguments.of("nothing published", List.of(V4), List.of(), ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("psColumns")
  void displaysThePortsAsDockerPsDoes(
      String why, List<String> addresses, List<String> ports, String expected) {
    Endpoint e = endpoint(addresses, ports.toArray(String[]::new));

    assertThat(PublishedPorts.display(List.of(e))).isEqualTo(expected);
  }

  @Test
  void displaysThePortsOfEveryEndpointTogether() {
    Endpoint front = endpoint(List.of(V4), "8080:80");
    Endpoint back = endpoint(List.of("10.1.0.2/24"), "127.0.0.1:5432:5432");

    assertThat(PublishedPorts.display(List.of(front, back)))
        .isEqualTo("127.0.0.1:5432->5432/tcp, 0.0.0.0:8080->80/tcp");
  }

  @Test
  void settingsAreDockersNetworkSettingsPorts() throws Exception {
    Endpoint e = endpoint(List.of(V4, V6), "8080:80", "127.0.0.1:32768:53/udp", "90-91:90-91");

    String json = new ObjectMapper().writeValueAsString(PublishedPorts.settings(List.of(e)));

    assertThat(json)
        .isEqualTo(
            "{\"53/udp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"32768\"}],"
                + "\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"},"
                + "{\"HostIp\":\"::\",\"HostPort\":\"8080\"}],"
                + "\"90/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"90\"},"
                + "{\"HostIp\":\"::\",\"HostPort\":\"90\"}],"
                + "\"91/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"91\"},"
                + "{\"HostIp\":\"::\",\"HostPort\":\"91\"}]}");
  }

  @Test
  void settingsAreEmptyWhenNothingIsPublished() {
    assertThat(PublishedPorts.settings(List.of(endpoint(List.of(V4))))).isEmpty();
    assertThat(PublishedPorts.settings(List.of())).isEmpty();
  }
}
