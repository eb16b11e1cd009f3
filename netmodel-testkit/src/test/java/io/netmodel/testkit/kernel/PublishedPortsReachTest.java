package io.netmodel.testkit.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.Protocol;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.Firewall.BridgeRules;
import io.netmodel.core.kernel.Firewall.PortRules;
import io.netmodel.core.kernel.Firewall.PublishedPort;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.Route;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fake's reachability answers with published ports, on a topology built with the port
 * itself: network "bridge" on nm0 (172.17.0.1/16, sandboxes a .2 and b .3), network "web" on
 * br-web (10.213.1.1/24, sandbox w .2), and an "outside" namespace on a veth from the host
 * (uplink0 198.51.100.2/24, wan0 198.51.100.1/24) with no route to the sandboxes. Sandbox a
 * publishes 8080 to its port 80, TCP and UDP, on every host address (endpoint "ep-a").
 */
class PublishedPortsReachTest {
  private static final String HOST = "198.51.100.2";
  private static final String DNAT_A = "host: 198.51.100.2:8080/tcp is DNATed to 172.17.0.2:80"
      + " (endpoint ep-a)";

  private final FakeKernel kernel = FakeKernel.create();
  private final NamespaceHandle host = kernel.namespaces().host();
  private final Firewall firewall = kernel.firewall(host);
  private final FakeTopology topology = new FakeTopology(kernel);
  private final NamespaceHandle a;
  private final NamespaceHandle b;
  private final NamespaceHandle w;
  private final NamespaceHandle outside;

  PublishedPortsReachTest() {
    topology.bridge("nm0", "172.17.0.1/16");
    topology.bridge("br-web", "10.213.1.1/24");
    a = topology.sandbox("a", "nm0", "172.17.0.2/16", "172.17.0.1");
    b = topology.sandbox("b", "nm0", "172.17.0.3/16", "172.17.0.1");
    w = topology.sandbox("w", "br-web", "10.213.1.2/24", "10.213.1.1");
    outside = kernel.namespaces().create("outside");
    topology.wire("uplink0", HOST + "/24", "wan0", "198.51.100.1/24", outside);
    firewall.addNetwork(network("bridge", "nm0", "172.17.0.0/16", true));
    firewall.addNetwork(network("web", "br-web", "10.213.1.0/24", true));
    firewall.publish(new PortRules("ep-a", "bridge", InterfaceName.of("nm0"), List.of(
        port(Optional.empty(), 8080, "172.17.0.2", 80, Protocol.TCP),
        port(Optional.empty(), 8080, "172.17.0.2", 80, Protocol.UDP))));
  }

  // ---- from outside ----------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"TCP", "UDP"})
  void theOutsideReachesTheSandboxPortThroughTheHostsAddress(Protocol protocol) {
    Reachability answer = kernel.reach(outside, ip(HOST), 8080, protocol);

    assertThat(answer.reachable()).as("%s", answer).isTrue();
    assertThat(answer.destination()).contains(a.id());
    assertThat(answer.destinationPort()).isEqualTo(OptionalInt.of(80));
    assertThat(answer.path()).containsSubsequence(
        "host: 198.51.100.2:8080/" + protocol + " is DNATed to 172.17.0.2:80 (endpoint ep-a)",
        "host: 172.17.0.0/16 dev nm0",
        "netns a: 172.17.0.2 is local",
        "the reply from netns a to 198.51.100.1:",
        "host: the reply from 172.17.0.2:80 is un-DNATed to come from 198.51.100.2:8080",
        "netns outside: 198.51.100.1 is local");
    assertThat(answer.path()).noneMatch(step -> step.contains("masquerade"));
  }

  @Test
  void theOutsideStraightAtTheSandboxIsDroppedByTheDirectAccessRule() {
    routeSandboxesThroughTheHost();
    String reason = "host: dropped by netmodel's direct-access rule: a new connection from"
        + " uplink0 into nm0 (network bridge) reaches a sandbox only through a published port";

    assertThat(kernel.reach(outside, ip("172.17.0.2"), 80, Protocol.TCP).reason())
        .isEqualTo(reason);
    assertThat(kernel.reach(outside, ip("172.17.0.2"), 22, Protocol.TCP).reason())
        .isEqualTo(reason);
    assertThat(kernel.reach(outside, ip("172.17.0.2")).reason()).isEqualTo(reason);
  }

  @Test
  void withoutTheNetworksRulesTheOutsideIsForwardedStraightIn() {
    routeSandboxesThroughTheHost();
    firewall.removeNetwork("bridge");

    Reachability answer = kernel.reach(outside, ip("172.17.0.2"), 22, Protocol.TCP);

    assertThat(answer.reason()).isEqualTo("reached netns a");
    assertThat(answer.destinationPort()).isEqualTo(OptionalInt.of(22));
  }

  @Test
  void anUnpublishedPortOrProtocolIsDeliveredToTheHostItself() {
    firewall.publish(new PortRules("ep-a", "bridge", InterfaceName.of("nm0"),
        List.of(port(Optional.empty(), 8080, "172.17.0.2", 80, Protocol.TCP))));

    for (Reachability answer : List.of(
        kernel.reach(outside, ip(HOST), 8081, Protocol.TCP),
        kernel.reach(outside, ip(HOST), 8080, Protocol.UDP),
        kernel.reach(outside, ip(HOST), 8080, Protocol.SCTP))) {
      assertThat(answer.reason()).isEqualTo("reached host");
      assertThat(answer.path()).noneMatch(step -> step.contains("DNAT"));
    }
    assertThat(kernel.reach(outside, ip(HOST), 8081, Protocol.TCP).destinationPort())
        .isEqualTo(OptionalInt.of(8081));
    assertThat(kernel.reach(outside, ip(HOST)).destinationPort()).isEmpty();
  }

  // ---- from the host ---------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", HOST, "172.17.0.1", "10.213.1.1"})
  void theHostReachesThePortOnEachOfItsAddresses(String address) {
    Reachability answer = kernel.reach(host, ip(address), 8080, Protocol.TCP);

    assertThat(answer.reachable()).as("%s", answer).isTrue();
    assertThat(answer.destination()).contains(a.id());
    assertThat(answer.destinationPort()).isEqualTo(OptionalInt.of(80));
    assertThat(answer.path()).containsSubsequence(
        "host: " + address + ":8080/tcp is DNATed to 172.17.0.2:80 (endpoint ep-a)",
        "host: masquerade " + address + " as 172.17.0.1 out of nm0 (hairpin of endpoint ep-a)",
        "host: 172.17.0.1 is de-masqueraded back to " + address + " (hairpin of endpoint ep-a)");
  }

  @Test
  void publishingTurnsRouteLocalnetOnWithoutWhichLoopbackMayNotLeave() {
    assertThat(kernel.sysctls(host).get("ipv4/conf/nm0/route_localnet")).contains("1");
    kernel.sysctls(host).set("ipv4/conf/nm0/route_localnet", "0");

    Reachability answer = kernel.reach(host, ip("127.0.0.1"), 8080, Protocol.TCP);

    assertThat(answer.reachable()).isFalse();
    assertThat(answer.reason()).isEqualTo("host: a packet from 127.0.0.1 may not leave through"
        + " nm0 (net.ipv4.conf.nm0.route_localnet is not 1; Invalid argument)");
  }

  @Test
  void theHostStillReachesTheSandboxDirectly() {
    Reachability answer = kernel.reach(host, ip("172.17.0.2"), 22, Protocol.TCP);

    assertThat(answer.reason()).isEqualTo("reached netns a");
    assertThat(answer.destinationPort()).isEqualTo(OptionalInt.of(22));
  }

  // ---- from sandboxes (hairpin) ------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {HOST, "172.17.0.1"})
  void aSiblingReachesThePortThroughTheHostMasqueraded(String address) {
    Reachability answer = kernel.reach(b, ip(address), 8080, Protocol.TCP);

    assertThat(answer.reachable()).as("%s", answer).isTrue();
    assertThat(answer.destination()).contains(a.id());
    assertThat(answer.path()).containsSubsequence(
        "host: " + address + ":8080/tcp is DNATed to 172.17.0.2:80 (endpoint ep-a)",
        "host: masquerade 172.17.0.3 as 172.17.0.1 out of nm0 (hairpin of endpoint ep-a)",
        "the reply from netns a to 172.17.0.1:",
        "host: 172.17.0.1 is de-masqueraded back to 172.17.0.3 (hairpin of endpoint ep-a)",
        "netns b: 172.17.0.3 is local");
  }

  @ParameterizedTest(name = "hairpin={0} bridge-nf-call-iptables={1}: {2}")
  @CsvSource({
    "false, 1, false",
    "true,  1, true",
    "false, 0, true",
    "true,  0, true",
  })
  void aSandboxReachesItsOwnPortOnlyWithHairpinOrWithoutBridgedFiltering(
      boolean hairpin, String brNetfilter, boolean reachable) {
    loadBrNetfilter();
    kernel.sysctls(host).set("bridge/bridge-nf-call-iptables", brNetfilter);
    kernel.links(host).change(index(host, "va"), LinkChange.none().withHairpin(hairpin));

    Reachability answer = kernel.reach(a, ip(HOST), 8080, Protocol.TCP);

    assertThat(answer.reachable()).as("%s", answer).isEqualTo(reachable);
    if (reachable) {
      assertThat(answer.destination()).contains(a.id());
      assertThat(answer.path()).contains(DNAT_A,
          "host: masquerade 172.17.0.2 as 172.17.0.1 out of nm0 (hairpin of endpoint ep-a)");
    } else {
      assertThat(answer.reason()).isEqualTo("host: dropped: the DNATed frame must go back out of"
          + " va, the port of nm0 it came in by, and hairpin mode is off there"
          + " (net.bridge.bridge-nf-call-iptables is 1)");
    }
  }

  @Test
  void aPortLeavingItsBridgeLosesHairpinMode() {
    loadBrNetfilter();
    int va = index(host, "va");
    int nm0 = index(host, "nm0");
    kernel.links(host).change(va, LinkChange.none().withHairpin(true));
    assertThat(kernel.reach(a, ip(HOST), 8080, Protocol.TCP).reachable()).isTrue();

    kernel.links(host).change(va, LinkChange.none().withoutMaster());
    kernel.links(host).change(va, LinkChange.none().withMaster(nm0));

    assertThat(kernel.reach(a, ip(HOST), 8080, Protocol.TCP).reason())
        .contains("hairpin mode is off there");
  }

  @Test
  void aSandboxOfAnotherNetworkReachesThePortOnlyThroughTheHost() {
    Reachability answer = kernel.reach(w, ip("10.213.1.1"), 8080, Protocol.TCP);

    assertThat(answer.reachable()).as("%s", answer).isTrue();
    assertThat(answer.destination()).contains(a.id());
    assertThat(answer.path()).contains(
        "host: 10.213.1.1:8080/tcp is DNATed to 172.17.0.2:80 (endpoint ep-a)");
    assertThat(kernel.reach(w, ip(HOST), 8080, Protocol.TCP).reachable()).isTrue();
    assertThat(kernel.reach(w, ip("172.17.0.2"), 80, Protocol.TCP).reason())
        .isEqualTo("host: dropped by netmodel's isolation of networks web and bridge"
            + " (br-web to nm0)");
  }

  // ---- which address, and unpublishing ---------------------------------------------------

  @ParameterizedTest(name = "{0} from {1} to {2}: {3}")
  @CsvSource({
    "127.0.0.1,    host,    127.0.0.1,    reached netns a",
    "127.0.0.1,    host,    198.51.100.2, reached host",
    "127.0.0.1,    outside, 198.51.100.2, reached host",
    "198.51.100.2, outside, 198.51.100.2, reached netns a",
    "198.51.100.2, host,    127.0.0.1,    reached host",
    "198.51.100.2, b,       172.17.0.1,   reached host",
    "198.51.100.2, b,       198.51.100.2, reached netns a",
  })
  void aPortOnOneHostAddressIsNotReachedThroughAnother(
      String hostIp, String from, String to, String reason) {
    firewall.unpublish("ep-a");
    firewall.publish(new PortRules("ep-a", "bridge", InterfaceName.of("nm0"),
        List.of(port(Optional.of(ip(hostIp)), 9000, "172.17.0.2", 80, Protocol.TCP))));

    assertThat(kernel.reach(namespace(from), ip(to), 9000, Protocol.TCP).reason())
        .isEqualTo(reason);
  }

  @Test
  void unpublishingRemovesTheWayInAndPublishingNothingIsTheSame() {
    firewall.unpublish("ep-a");

    assertThat(kernel.reach(outside, ip(HOST), 8080, Protocol.TCP).reason())
        .isEqualTo("reached host");
    assertThat(kernel.reach(b, ip(HOST), 8080, Protocol.TCP).reason()).isEqualTo("reached host");

    firewall.publish(new PortRules("ep-a", "bridge", InterfaceName.of("nm0"),
        List.of(port(Optional.empty(), 8080, "172.17.0.2", 80, Protocol.TCP))));
    assertThat(kernel.reach(outside, ip(HOST), 8080, Protocol.TCP).reason())
        .isEqualTo("reached netns a");
    firewall.publish(new PortRules("ep-a", "bridge", InterfaceName.of("nm0"), List.of()));
    assertThat(firewall.publications()).isEmpty();
    assertThat(kernel.reach(outside, ip(HOST), 8080, Protocol.TCP).reason())
        .isEqualTo("reached host");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536})
  void aPortOutOfRangeIsRefused(int port) {
    assertThatThrownBy(() -> kernel.reach(outside, ip(HOST), port, Protocol.TCP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port out of range 1..65535: " + port);
  }

  // ---- the topology ----------------------------------------------------------------------

  private static BridgeRules network(String name, String bridge, String subnet, boolean icc) {
    return new BridgeRules(
        name, InterfaceName.of(bridge), List.of(IpPrefix.parse(subnet)), true, false, icc);
  }

  private static PublishedPort port(
      Optional<InetAddress> hostIp, int hostPort, String sandbox, int sandboxPort,
      Protocol protocol) {
    return new PublishedPort(hostIp, hostPort, ip(sandbox), sandboxPort, protocol);
  }

  /** br_netfilter, as the Linux port loads it for a network without ICC (here on its own). */
  private void loadBrNetfilter() {
    firewall.addNetwork(network("quiet", "br-quiet", "10.213.9.0/24", false));
  }

  private void routeSandboxesThroughTheHost() {
    kernel.routes(outside).add(
        Route.via(IpPrefix.parse("172.17.0.0/16"), ip(HOST), index(outside, "wan0")));
  }

  private NamespaceHandle namespace(String name) {
    switch (name) {
      case "host":
        return host;
      case "outside":
        return outside;
      case "b":
        return b;
      default:
        throw new IllegalArgumentException("no such namespace in the topology: " + name);
    }
  }

  private int index(NamespaceHandle ns, String link) {
    return topology.index(ns, link);
  }

  private static InetAddress ip(String text) {
    return IpAddresses.parse(text);
  }
}
