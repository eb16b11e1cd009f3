package io.netmodel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.MacAddress;
import io.netmodel.api.net.PortMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CniResultTest {

  private static Endpoint endpoint() {
    return new Endpoint(
        "bridge",
        InterfaceName.of("eth0"),
        MacAddress.parse("02:42:ac:11:00:02"),
        List.of(IpPrefix.parse("172.17.0.2/16"), IpPrefix.parse("fd00::2/64")),
        List.of(IpAddresses.parse("172.17.0.1"), IpAddresses.parse("fd00::1")),
        List.of(
            new Endpoint.RouteInfo(
                IpPrefix.parse("0.0.0.0/0"), Optional.of(IpAddresses.parse("172.17.0.1")))),
        List.of(PortMapping.parse("8080:80")),
        List.of("web"));
  }

  @Test
  void printsTheCni10ResultWithEachAddressGatewayAndRoute() {
    String json = CniResult.toJson(endpoint(), Optional.of(Path.of("/run/netns/web")));

    assertThat(json)
        .isEqualTo(
            "{\"cniVersion\":\"1.0.0\","
                + "\"interfaces\":[{\"name\":\"eth0\",\"mac\":\"02:42:ac:11:00:02\","
                + "\"sandbox\":\"/run/netns/web\"}],"
                + "\"ips\":[{\"address\":\"172.17.0.2/16\",\"gateway\":\"172.17.0.1\",\"interface\":0},"
                + "{\"address\":\"fd00::2/64\",\"gateway\":\"fd00::1\",\"interface\":0}],"
                + "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"172.17.0.1\"}],"
                + "\"dns\":{}}");
  }

  @Test
  void leavesOutTheSandboxWhenThereIsNoNamespaceFile() {
    assertThat(CniResult.toJson(endpoint(), Optional.empty())).doesNotContain("sandbox");
  }

  @Test
  void escapesQuotesAndControlCharactersInStrings() {
    String json = CniResult.toJson(endpoint(), Optional.of(Path.of("/tmp/a\"b\nc")));

    assertThat(json).contains("\"sandbox\":\"/tmp/a\\\"b\\u000ac\"");
  }
}
