package io.netmodel.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tables follow what Docker's {@code nat.ParsePortSpec} (docker/go-connections, {@code
 * nat/nat.go}, {@code nat/parse.go} and their tests) accepts and refuses. Inputs on which
 * netmodel knowingly differs from Docker are left out.
 */
class PortMappingTest {

  private static Optional<InetAddress> hostIp(String text) {
    return text.equals("-") ? Optional.empty() : Optional.of(IpAddresses.parse(text));
  }

  @ParameterizedTest(name = "\"{0}\" is {5}")
  @CsvSource(
      delimiter = '|',
      value = {
        // text | host IP | host ports | container ports | protocol | canonical
        "80 | - | 0 | 80 | tcp | 80/tcp",
        "1234/tcp | - | 0 | 1234 | tcp | 1234/tcp",
        "2345/udp | - | 0 | 2345 | udp | 2345/udp",
        "3456/sctp | - | 0 | 3456 | sctp | 3456/sctp",
        "1234/UDP | - | 0 | 1234 | udp | 1234/udp",
        "1234/ | - | 0 | 1234 | tcp | 1234/tcp",
        "80-8080/ | - | 0 | 80-8080 | tcp | 80-8080/tcp",
        "65535 | - | 0 | 65535 | tcp | 65535/tcp",
        "1 | - | 0 | 1 | tcp | 1/tcp",
        "0123 | - | 0 | 123 | tcp | 123/tcp",
        "000080:0000080 | - | 80 | 80 | tcp | 80:80/tcp",
        "1234:1234/tcp | - | 1234 | 1234 | tcp | 1234:1234/tcp",
        "2345:2345/udp | - | 2345 | 2345 | udp | 2345:2345/udp",
        "3456:3456/sctp | - | 3456 | 3456 | sctp | 3456:3456/sctp",
        "0:80 | - | 0 | 80 | tcp | 80/tcp",
        "0-0:80 | - | 0 | 80 | tcp | 80/tcp",
        ":80 | - | 0 | 80 | tcp | 80/tcp",
        "::6000 | - | 0 | 6000 | tcp | 6000/tcp",
        ":8080:6000/tcp | - | 8080 | 6000 | tcp | 8080:6000/tcp",
        "0.0.0.0:1234:1234/tcp | 0.0.0.0 | 1234 | 1234 | tcp | 0.0.0.0:1234:1234/tcp",
        "192.168.1.100:8080:80 | 192.168.1.100 | 8080 | 80 | tcp | 192.168.1.100:8080:80/tcp",
        "192.168.1.100::80 | 192.168.1.100 | 0 | 80 | tcp | 192.168.1.100::80/tcp",
        "192.168.1.100::6000/udp | 192.168.1.100 | 0 | 6000 | udp | 192.168.1.100::6000/udp",
        "192.168.1.100::6000/sctp | 192.168.1.100 | 0 | 6000 | sctp | 192.168.1.100::6000/sctp",
        "1.2.3.4:0:80/udp | 1.2.3.4 | 0 | 80 | udp | 1.2.3.4::80/udp",
        "1234-1236/tcp | - | 0 | 1234-1236 | tcp | 1234-1236/tcp",
        "1234-1236:1234-1236/udp | - | 1234-1236 | 1234-1236 | udp | 1234-1236:1234-1236/udp",
        "0.0.0.0:1234-1235:3333-3334/tcp | 0.0.0.0 | 1234-1235 | 3333-3334 | tcp"
            + " | 0.0.0.0:1234-1235:3333-3334/tcp",
        "80-80 | - | 0 | 80 | tcp | 80/tcp",
        "8080-8080:80-80 | - | 8080 | 80 | tcp | 8080:80/tcp",
        "8000-8010:80 | - | 8000-8010 | 80 | tcp | 8000-8010:80/tcp",
        "1.2.3.4:8000-8010:80/udp | 1.2.3.4 | 8000-8010 | 80 | udp | 1.2.3.4:8000-8010:80/udp",
        "[2001:4860:0:2001::68]::333 | 2001:4860:0:2001::68 | 0 | 333 | tcp"
            + " | [2001:4860:0:2001::68]::333/tcp",
        "[::1]:80:80 | ::1 | 80 | 80 | tcp | [::1]:80:80/tcp",
        "[::1]:8080:6000/udp | ::1 | 8080 | 6000 | udp | [::1]:8080:6000/udp",
        "[::1]::6000/udp | ::1 | 0 | 6000 | udp | [::1]::6000/udp",
        "[2001:DB8::1]:53:53/udp | 2001:db8::1 | 53 | 53 | udp | [2001:db8::1]:53:53/udp",
        "[::]:80:80 | :: | 80 | 80 | tcp | [::]:80:80/tcp",
        "[10.0.0.1]:80:80 | 10.0.0.1 | 80 | 80 | tcp | 10.0.0.1:80:80/tcp",
        // Docker's legacy form: an IPv6 host IP without brackets.
        "2001:4860:0:2001::68::333 | 2001:4860:0:2001::68 | 0 | 333 | tcp"
            + " | [2001:4860:0:2001::68]::333/tcp",
        "::1:80:80 | ::1 | 80 | 80 | tcp | [::1]:80:80/tcp",
        "::1:8080:6000/udp | ::1 | 8080 | 6000 | udp | [::1]:8080:6000/udp",
        "::::80 | :: | 0 | 80 | tcp | [::]::80/tcp",
        "::::6000/udp | :: | 0 | 6000 | udp | [::]::6000/udp",
        "fe80::1:80:80 | fe80::1 | 80 | 80 | tcp | [fe80::1]:80:80/tcp",
        // An IPv4-mapped host IP is the IPv4 address (Docker binds it the same way).
        "::ffff:10.0.0.1:80:80 | 10.0.0.1 | 80 | 80 | tcp | 10.0.0.1:80:80/tcp",
      })
  void acceptsWhatDockerAccepts(
      String text,
      String ip,
      String hostPorts,
      String containerPorts,
      String protocol,
      String canonical) {
    PortMapping mapping = PortMapping.parse(text);

    assertThat(mapping.hostIp()).isEqualTo(hostIp(ip));
    assertThat(mapping.hostPorts()).isEqualTo(PortRange.parse(hostPorts));
    assertThat(mapping.containerPorts()).isEqualTo(PortRange.parse(containerPorts));
    assertThat(mapping.protocol()).isEqualTo(Protocol.parse(protocol));
    assertThat(mapping.toString()).isEqualTo(canonical);
    assertThat(PortMapping.parse(mapping.toString())).isEqualTo(mapping);
  }

  @ParameterizedTest(name = "\"{0}\" is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | no container port",
        "/udp | no container port",
        ": | no container port",
        "0.0.0.0:1234-1235:/tcp | no container port",
        "0.0.0.0:1234-1235: | no container port",
        "80/icmp | protocol must be tcp, udp or sctp",
        "80/tcp/udp | protocol must be tcp, udp or sctp",
        "'80/ tcp' | protocol must be tcp, udp or sctp",
        "192.168.1.100 | invalid container port",
        "192.168.1.100:-1:-1 | invalid container port",
        "asdf | invalid container port",
        "1asdf | invalid container port",
        "-1 | invalid container port",
        "65536 | invalid container port",
        "99999999999999999999 | invalid container port",
        "9000-8000 | invalid container port",
        "8000- | invalid container port",
        "-9000 | invalid container port",
        "8000-a | invalid container port",
        "8000-9000a | invalid container port",
        "a-9000 | invalid container port",
        "8000a-9000 | invalid container port",
        "-8000- | invalid container port",
        "- | invalid container port",
        "80-81-82 | invalid container port",
        "80--81 | invalid container port",
        "' 80' | invalid container port",
        "'80 ' | invalid container port",
        "1.2.3.4:80 | invalid host port",
        "70000:80 | invalid host port",
        "8010-8000:80 | invalid host port",
        "' 80:80' | invalid host port",
        "1234-1235:3333-3335 | same length",
        "8080:80-81 | same length",
        "0:80-81 | same length",
        "localhost:1234:1234/tcp | host IP is not an IP address literal",
        "localhost:1234-1236:1234-1236/tcp | host IP is not an IP address literal",
        "80:80:80 | host IP is not an IP address literal",
        "1.2.3.4.5:80:80 | host IP is not an IP address literal",
        "300.1.1.1:80:80 | host IP is not an IP address literal",
        "010.0.0.1:80:80 | host IP is not an IP address literal",
        "1.2.3.4:80:80:80 | host IP is not an IP address literal",
        "fe80::1%eth0:80:80 | host IP is not an IP address literal",
        "[fe80::1%eth0]:80:80 | host IP is not an IP address literal",
        "[::1:80:80 | host IP in brackets",
        "[::1]x:80:80 | host IP in brackets",
        "[[::1]]:80:80 | host IP in brackets",
        "[::1]:80 | host IP in brackets",
        "[::1]80:80 | host IP in brackets",
      })
  void refusesWhatDockerRefusesQuotingTheTextAndSayingWhy(String text, String why) {
    assertThatThrownBy(() -> PortMapping.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid port mapping \"" + text + "\": ")
        .hasMessageContaining(why);
  }

  @Test
  void refusesNullText() {
    assertThatThrownBy(() -> PortMapping.parse(null)).isInstanceOf(NullPointerException.class);
  }

  static Stream<Arguments> mappings() {
    List<Optional<InetAddress>> ips =
        List.of(
            Optional.empty(),
            hostIp("127.0.0.1"),
            hostIp("0.0.0.0"),
            hostIp("::1"),
            hostIp("::"),
            hostIp("2001:db8::1"));
    List<PortRange[]> ports =
        List.of(
            new PortRange[] {PortRange.ANY, PortRange.of(80)},
            new PortRange[] {PortRange.of(8080), PortRange.of(80)},
            new PortRange[] {PortRange.of(8000, 8100), PortRange.of(80)},
            new PortRange[] {PortRange.of(8000, 8001), PortRange.of(80, 81)},
            new PortRange[] {PortRange.ANY, PortRange.of(1, 65535)},
            new PortRange[] {PortRange.of(65535), PortRange.of(1)});
    return ips.stream()
        .flatMap(
            ip ->
                ports.stream()
                    .flatMap(
                        p ->
                            Stream.of(Protocol.values())
                                .map(
                                    protocol ->
                                        arguments(new PortMapping(ip, p[0], p[1], protocol)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mappings")
  void toStringRoundTripsThroughParse(PortMapping mapping) {
    assertThat(PortMapping.parse(mapping.toString())).isEqualTo(mapping);
  }

  @Test
  void isEqualByValue() {
    PortMapping plain = PortMapping.parse("80");

    assertThat(plain)
        .isEqualTo(PortMapping.parse("80/tcp"))
        .isEqualTo(PortMapping.parse("80/TCP"))
        .isEqualTo(PortMapping.parse("0:80"))
        .isEqualTo(PortMapping.parse("::80"))
        .isEqualTo(PortMapping.of(80))
        .hasSameHashCodeAs(PortMapping.of(80))
        .isNotEqualTo(PortMapping.parse("80/udp"));
    assertThat(PortMapping.parse("[::1]:80:80"))
        .isEqualTo(PortMapping.parse("::1:80:80"))
        .isEqualTo(PortMapping.parse("[0:0::1]:80:80"));
    // An explicit "every address" is kept apart from no address, as Docker keeps "0.0.0.0".
    assertThat(PortMapping.parse("0.0.0.0:80:80")).isNotEqualTo(PortMapping.parse("80:80"));
  }

  @ParameterizedTest(name = "\"{0}\": any host port {1}, dynamic host range {2}")
  @CsvSource({
    "80, true, false",
    "0:80, true, false",
    "1.2.3.4::80, true, false",
    "8080:80, false, false",
    "8000-8001:80-81, false, false",
    "8000-8100:80, false, true",
    "8000-8000:80, false, false",
    "80-81, true, false",
  })
  void tellsAnyHostPortAndDynamicHostRangeApart(String text, boolean any, boolean dynamic) {
    PortMapping mapping = PortMapping.parse(text);

    assertThat(mapping.isHostPortAny()).isEqualTo(any);
    assertThat(mapping.isHostRangeDynamic()).isEqualTo(dynamic);
  }

  @Test
  void factoriesPublishTcpOnEveryAddress() {
    assertThat(PortMapping.of(80)).isEqualTo(PortMapping.parse("80/tcp"));
    assertThat(PortMapping.of(8080, 80)).isEqualTo(PortMapping.parse("8080:80/tcp"));
    assertThat(PortMapping.of(8080, 80).withProtocol(Protocol.SCTP))
        .isEqualTo(PortMapping.parse("8080:80/sctp"));
    assertThat(PortMapping.of(8080, 80).withHostIp(IpAddresses.parse("::1")))
        .isEqualTo(PortMapping.parse("[::1]:8080:80"));
  }

  @Test
  void constructorRefusesRangesOfDifferentLengths() {
    assertThatThrownBy(
            () ->
                new PortMapping(
                    Optional.empty(), PortRange.of(1, 3), PortRange.of(10, 11), Protocol.TCP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host and container port ranges must have the same length: 1-3 and 10-11");
  }

  @Test
  void constructorRefusesContainerPortZero() {
    assertThatThrownBy(
            () -> new PortMapping(Optional.empty(), PortRange.ANY, PortRange.ANY, Protocol.TCP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("container port out of range 1..65535: 0");
    assertThatThrownBy(() -> PortMapping.of(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructorRefusesAScopedHostIp() throws Exception {
    InetAddress scoped =
        Inet6Address.getByAddress(null, IpAddresses.parse("fe80::1").getAddress(), 2);

    assertThatThrownBy(() -> PortMapping.of(80).withHostIp(scoped))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host IP must not carry a scope");
  }

  @Test
  void constructorRefusesNulls() {
    assertThatThrownBy(() -> new PortMapping(null, PortRange.ANY, PortRange.of(80), Protocol.TCP))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () -> new PortMapping(Optional.empty(), null, PortRange.of(80), Protocol.TCP))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PortMapping(Optional.empty(), PortRange.ANY, null, Protocol.TCP))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () -> new PortMapping(Optional.empty(), PortRange.ANY, PortRange.of(80), null))
        .isInstanceOf(NullPointerException.class);
  }
}
