package io.netmodel.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.Protocol;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Firewall.BridgeRules;
import io.netmodel.core.kernel.Firewall.PortRules;
import io.netmodel.core.kernel.Firewall.PublishedPort;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Route;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LinuxFirewall} against the real kernel, with real packets. A throwaway namespace plays
 * the host; on it, network A (bridge {@code nmfa}, 10.201.1.0/24, sandboxes a1 and a2), network
 * B (bridge {@code nmfb}, 10.201.2.0/24, sandbox b1), and an "outside" namespace on a veth
 * (198.51.100.2, the host being 198.51.100.1) that has no route to the sandboxes' subnets. The
 * rules are cross-checked with {@code nft -j list ruleset} run in the host namespace. Needs
 * CAP_NET_ADMIN, CAP_SYS_ADMIN, {@code ip}, {@code nft}, {@code nsenter} and {@code ping}; skips
 * without them, except under {@code CI=true} (see {@link Privilege}).
 */
class LinuxFirewallLinuxTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InetAddress HOST_OUTSIDE = address("198.51.100.1");
  private static final InetAddress OUTSIDE = address("198.51.100.2");
  private static final InetAddress GATEWAY_A = address("10.201.1.1");
  private static final InetAddress A1 = address("10.201.1.2");
  private static final InetAddress A2 = address("10.201.1.3");
  private static final InetAddress B1 = address("10.201.2.2");
  private static final int PORT = 7070;
  private static final InetAddress LOCALHOST = address("127.0.0.1");
  private static final int HOST_PORT = 8080;
  private static final int SANDBOX_PORT = 8000;
  private static final String BRIDGE_NF_CALL_IPTABLES = "bridge/bridge-nf-call-iptables";

  private ThrowawayHost host;
  private Kernel kernel;
  private NamespaceHandle hostNs;
  private final List<NamespaceHandle> opened = new ArrayList<>();
  private NamespaceHandle outside;
  private NamespaceHandle a1;
  private NamespaceHandle a2;
  private NamespaceHandle b1;

  @BeforeEach
  void buildTopology() {
    KernelPrivilege.requireNamespaceAdmin();
    for (String program : List.of("nft", "nsenter", "ping")) {
      KernelPrivilege.require(onPath(program), "needs `" + program + "` on the PATH");
    }
    host = ThrowawayHost.create();
    kernel = LinuxKernel.open(host.netnsDirectory, Optional.of(host.file));
    hostNs = kernel.namespaces().host();
    kernel.links(hostNs).change(1, LinkChange.setUp()); // lo, for 127.0.0.1

    outside = namespace("outside");
    InterfaceName vout = InterfaceName.of("vout");
    kernel.links(hostNs).add(new LinkSpec.Veth(
        vout, LinkOptions.none(), InterfaceName.of("eth0"), outside, LinkOptions.none()));
    int hostEnd = up(hostNs, vout);
    kernel.addresses(hostNs).add(AddressEntry.of(hostEnd, IpPrefix.parse("198.51.100.1/24")));
    int outsideEnd = up(outside, InterfaceName.of("eth0"));
    kernel.addresses(outside).add(AddressEntry.of(outsideEnd, IpPrefix.parse("198.51.100.2/24")));

    int bridgeA = bridge("nmfa", "10.201.1.1/24");
    int bridgeB = bridge("nmfb", "10.201.2.1/24");
    a1 = sandbox("a1", bridgeA, "10.201.1.2/24", GATEWAY_A);
    a2 = sandbox("a2", bridgeA, "10.201.1.3/24", GATEWAY_A);
    b1 = sandbox("b1", bridgeB, "10.201.2.2/24", address("10.201.2.1"));
  }

  @AfterEach
  void tearDown() {
    try {
      for (NamespaceHandle ns : opened) {
        ns.close();
      }
      if (kernel != null) {
        kernel.close();
      }
    } finally {
      if (host != null) {
        host.close();
      }
    }
  }

  @Test
  void sandboxReachesTheOutsideOnlyThroughMasqueradeAndAppearsAsTheHost() throws Exception {
    setForwarding("1");
    assertThat(ping(a1, OUTSIDE)).as("routed but not masqueraded: no way back").isFalse();

    firewall().addNetwork(network("A", "nmfa", true, false, true));

    assertThat(ping(a1, OUTSIDE)).isTrue();
    try (ServerSocket server = outside.call(() -> new ServerSocket(PORT, 5, OUTSIDE))) {
      server.setSoTimeout(5000);
      assertThat(connect(a1, OUTSIDE)).isTrue();
      try (Socket accepted = server.accept()) {
        assertThat(((InetSocketAddress) accepted.getRemoteSocketAddress()).getAddress())
            .isEqualTo(HOST_OUTSIDE);
      }
    }
  }

  @Test
  void thePortDeclaresNfTablesFoundByProbing() {
    assertThat(kernel.features()).contains(io.netmodel.core.kernel.KernelFeature.NF_TABLES);
  }

  @Test
  void addNetworkTurnsForwardingOnUnlessInternal() {
    assertThat(forwarding()).isEqualTo("0");

    firewall().addNetwork(network("B", "nmfb", true, true, true));
    assertThat(forwarding()).isEqualTo("0");

    firewall().addNetwork(network("A", "nmfa", true, false, true));
    assertThat(forwarding()).isEqualTo("1");
    assertThat(ping(a1, OUTSIDE)).isTrue();

    firewall().removeNetwork("A");
    assertThat(forwarding()).as("never turned off").isEqualTo("1");
  }

  @Test
  void networksAreIsolatedFromEachOtherButNotFromTheOutside() {
    setForwarding("1");
    assertThat(ping(a1, B1)).as("routed between bridges without the firewall").isTrue();

    firewall().addNetwork(network("A", "nmfa", true, false, true));
    firewall().addNetwork(network("B", "nmfb", true, false, true));

    assertThat(ping(a1, B1)).isFalse();
    assertThat(ping(b1, A1)).isFalse();
    assertThat(ping(a1, GATEWAY_A)).isTrue();
    assertThat(ping(a1, OUTSIDE)).isTrue();
    assertThat(ping(b1, OUTSIDE)).isTrue();

    firewall().removeNetwork("B");
    assertThat(ping(a1, B1)).as("B is no netmodel bridge any more").isTrue();
  }

  @Test
  void internalNetworkHasNoWayInOrOutButItsBridgeStillWorks() throws Exception {
    setForwarding("1");
    // The outside gets a route to A, so that only the firewall can stop what is blocked.
    int eth0 = kernel.links(outside).get(InterfaceName.of("eth0")).orElseThrow().index();
    kernel.routes(outside).add(new Route(IpPrefix.parse("10.201.1.0/24"),
        Optional.of(HOST_OUTSIDE), OptionalInt.of(eth0), OptionalInt.empty()));
    assertThat(ping(a1, OUTSIDE)).isTrue();
    assertThat(ping(outside, A1)).isTrue();

    firewall().addNetwork(network("A", "nmfa", true, true, true));

    assertThat(ping(a1, OUTSIDE)).isFalse();
    assertThat(ping(outside, A1)).isFalse();
    assertThat(ping(a1, GATEWAY_A)).isTrue();
    assertThat(ping(a1, A2)).isTrue();
    assertThat(ruleset().tables()).as("no masquerade").doesNotContain("ip netmodel");
  }

  @Test
  void iccOffBlocksSiblingsOnTheBridgeButNotTheGateway() {
    kernel.sysctls(hostNs).set(BRIDGE_NF_CALL_IPTABLES, "0");
    assertThat(ping(a1, A2)).isTrue();

    firewall().addNetwork(network("A", "nmfa", true, false, false));

    assertThat(kernel.sysctls(hostNs).get(BRIDGE_NF_CALL_IPTABLES)).contains("1");
    assertThat(ping(a1, A2)).isFalse();
    assertThat(ping(a2, A1)).isFalse();
    assertThat(ping(a1, GATEWAY_A)).isTrue();
    assertThat(ping(a1, OUTSIDE)).isTrue();

    firewall().addNetwork(network("A", "nmfa", true, false, true));
    assertThat(ping(a1, A2)).as("ICC back on").isTrue();
  }

  @Test
  void removeNetworkRemovesExactlyItsRulesAndLeavesOtherTablesAlone() throws Exception {
    nft("add table ip other; add chain ip other c; add rule ip other c counter");
    Ruleset before = ruleset();
    Firewall firewall = firewall();
    firewall.addNetwork(network("B", "nmfb", true, false, true));
    Ruleset onlyB = ruleset();
    firewall.addNetwork(network("A", "nmfa", true, false, false));
    assertThat(ruleset().tables())
        .containsExactlyInAnyOrder("ip other", "ip netmodel", "inet netmodel");
    assertThat(firewall.networks()).containsExactly("A", "B");

    firewall.removeNetwork("A");

    Ruleset afterA = ruleset();
    assertThat(afterA).isEqualTo(onlyB);
    assertThat(afterA.chains()).containsExactlyInAnyOrder(
        "ip other c", "ip netmodel postrouting", "ip netmodel nat-nmfb/B",
        "inet netmodel forward", "inet netmodel fwd-nmfb/B",
        "inet netmodel prerouting", "inet netmodel guard-nmfb/B");
    assertThat(afterA.rules()).contains(
        "ip netmodel postrouting [{\"jump\":{\"target\":\"nat-nmfb/B\"}}]");
    assertThat(afterA.sets()).containsExactly("inet netmodel bridges [\"nmfb\"]");
    assertThat(firewall.networks()).containsExactly("B");

    firewall.removeNetwork("B");
    assertThat(ruleset()).isEqualTo(before);
    assertThat(before.tables()).containsExactly("ip other");
    assertThat(firewall.networks()).isEmpty();

    firewall.removeNetwork("B");
    assertThat(ruleset()).isEqualTo(before);
  }

  @Test
  void addNetworkTwiceIsIdempotent() throws Exception {
    BridgeRules a = network("A", "nmfa", true, false, false);
    firewall().addNetwork(a);
    Ruleset once = ruleset();

    firewall().addNetwork(a);

    assertThat(ruleset()).isEqualTo(once);
    assertThat(once.rules()).doesNotHaveDuplicates();
    // nat: masquerade and its jump; fwd: isolation, ICC, direct access and its jump; in: the
    // 127.0.0.0/8 guard and its jump.
    assertThat(once.rules()).hasSize(8);
    assertThat(once.sets()).containsExactly("inet netmodel bridges [\"nmfa\"]");
  }

  @Test
  void addNetworkReplacesTheRulesOfThatNetwork() throws Exception {
    firewall().addNetwork(network("A", "nmfa", true, false, false));
    firewall().addNetwork(network("B", "nmfb", true, false, true));

    firewall().addNetwork(network("A", "nmfa", false, true, true));

    Ruleset replaced = ruleset();
    assertThat(replaced.tables()).containsExactlyInAnyOrder("ip netmodel", "inet netmodel");
    assertThat(replaced.chains()).doesNotContain("ip netmodel nat-nmfa/A");
    assertThat(replaced.rules()).filteredOn(r -> r.startsWith("inet netmodel fwd-nmfa/A "))
        .hasSize(3);
    assertThat(firewall().networks()).containsExactly("A", "B");
  }

  @Test
  void anotherPortSeesTheNetworksTheKernelHolds() {
    firewall().addNetwork(network("A", "nmfa", true, false, false));
    firewall().addNetwork(network("B", "nmfb", true, true, true));

    // A second port on the same host namespace, as a restarted program opens it.
    try (LinuxKernel restarted = LinuxKernel.open(host.netnsDirectory, Optional.of(host.file))) {
      Firewall again = restarted.firewall(restarted.namespaces().host());

      assertThat(again.networks()).containsExactly("A", "B");
      again.removeNetwork("A");
      again.removeNetwork("B");
    }
    assertThat(ruleset().tables()).isEmpty();
    assertThat(firewall().networks()).isEmpty();
  }

  // ---- published ports ----

  @Test
  void publishAddsItsChainsAndUnpublishRemovesExactlyThem() throws Exception {
    nft("add table ip other; add chain ip other c; add rule ip other c counter");
    Ruleset empty = ruleset();
    Firewall firewall = firewall();
    firewall.addNetwork(network("A", "nmfa", true, false, true));
    Ruleset networkOnly = ruleset();

    firewall.publish(ports("sandbox/e1", "nmfa",
        port(Optional.empty(), HOST_PORT, A1, SANDBOX_PORT, Protocol.TCP),
        port(Optional.of(HOST_OUTSIDE), HOST_PORT, A1, SANDBOX_PORT, Protocol.UDP),
        port(Optional.of(address("fd00:201::1")), HOST_PORT, address("fd00:201:1::2"),
            SANDBOX_PORT, Protocol.SCTP)));

    Ruleset published = ruleset();
    assertThat(published.chains()).containsAll(List.of(
        "ip netmodel prerouting", "ip netmodel output", "ip netmodel postrouting",
        "ip netmodel pub-nmfa/sandbox/e1", "ip netmodel hp-nmfa/sandbox/e1",
        "ip6 netmodel prerouting", "ip6 netmodel output", "ip6 netmodel postrouting",
        "ip6 netmodel pub-nmfa/sandbox/e1", "ip6 netmodel hp-nmfa/sandbox/e1"));
    assertThat(published.rules()).filteredOn(r -> r.startsWith("ip netmodel pub-nmfa/"))
        .hasSize(2);
    assertThat(published.rules()).filteredOn(r -> r.startsWith("ip6 netmodel pub-nmfa/"))
        .hasSize(1);
    assertThat(published.rules()).filteredOn(r -> r.startsWith("ip netmodel hp-nmfa/"))
        .hasSize(3);
    assertThat(published.rules())
        .filteredOn(r -> r.startsWith("ip netmodel prerouting ")
            || r.startsWith("ip netmodel output "))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r).contains("\"fib\"", "\"local\"",
            "\"jump\":{\"target\":\"pub-nmfa/sandbox/e1\"}"));
    assertThat(published.rules()).anySatisfy(r -> assertThat(r)
        .startsWith("ip netmodel pub-nmfa/sandbox/e1 ")
        .contains("\"198.51.100.1\"", "\"udp\"", "\"dnat\"", "\"10.201.1.2\""));
    assertThat(firewall.publications()).containsExactly("sandbox/e1");
    assertThat(routeLocalnet("nmfa")).isEqualTo("1");

    firewall.publish(ports("sandbox/e1", "nmfa",
        port(Optional.empty(), HOST_PORT, A1, SANDBOX_PORT, Protocol.TCP),
        port(Optional.of(HOST_OUTSIDE), HOST_PORT, A1, SANDBOX_PORT, Protocol.UDP),
        port(Optional.of(address("fd00:201::1")), HOST_PORT, address("fd00:201:1::2"),
            SANDBOX_PORT, Protocol.SCTP)));
    assertThat(ruleset()).as("publishing again changes nothing").isEqualTo(published);

    firewall.unpublish("sandbox/e1");
    assertThat(ruleset()).isEqualTo(networkOnly);
    assertThat(firewall.publications()).isEmpty();
    firewall.unpublish("sandbox/e1");
    assertThat(ruleset()).isEqualTo(networkOnly);

    firewall.publish(ports("e2", "nmfa",
        port(Optional.empty(), HOST_PORT, A1, SANDBOX_PORT, Protocol.TCP)));
    firewall.removeNetwork("A");
    assertThat(ruleset().tables()).as("the endpoint's ports outlive the network's rules")
        .containsExactlyInAnyOrder("ip other", "ip netmodel");
    firewall.publish(ports("e2", "nmfa"));
    assertThat(ruleset()).as("no ports is no publication").isEqualTo(empty);
  }

  @Test
  void anotherPortSeesThePublicationsTheKernelHolds() {
    firewall().publish(ports("e1", "nmfa",
        port(Optional.empty(), HOST_PORT, A1, SANDBOX_PORT, Protocol.TCP)));
    firewall().publish(ports("e2", "nmfa",
        port(Optional.of(address("fd00:201::1")), HOST_PORT, address("fd00:201:1::2"),
            SANDBOX_PORT, Protocol.TCP)));

    try (LinuxKernel restarted = LinuxKernel.open(host.netnsDirectory, Optional.of(host.file))) {
      Firewall again = restarted.firewall(restarted.namespaces().host());

      assertThat(again.publications()).containsExactly("e1", "e2");
      again.unpublish("e1");
      again.unpublish("e2");
    }
    assertThat(ruleset().tables()).isEmpty();
  }

  static Stream<Arguments> protocolsAndBridgeFiltering() {
    return Stream.of(
        Arguments.of(Protocol.TCP, "0"), Arguments.of(Protocol.UDP, "0"),
        Arguments.of(Protocol.TCP, "1"), Arguments.of(Protocol.UDP, "1"));
  }

  @ParameterizedTest(name = "{0}, bridge-nf-call-iptables={1}")
  @MethodSource("protocolsAndBridgeFiltering")
  void publishedPortAnswersFromOutsideTheHostASiblingAndItself(
      Protocol protocol, String bridgeFiltering) {
    kernel.sysctls(hostNs).set(BRIDGE_NF_CALL_IPTABLES, bridgeFiltering);
    firewall().addNetwork(network("A", "nmfa", true, false, true));
    assertThat(answers(outside, HOST_OUTSIDE, protocol)).as("not published yet").isFalse();

    firewall().publish(ports("e1", "nmfa",
        port(Optional.empty(), HOST_PORT, A1, SANDBOX_PORT, protocol)));
    hairpin("va1");

    assertThat(answers(outside, HOST_OUTSIDE, protocol)).as("from outside").isTrue();
    assertThat(answers(hostNs, HOST_OUTSIDE, protocol)).as("host, its address").isTrue();
    assertThat(answers(hostNs, GATEWAY_A, protocol)).as("host, the gateway").isTrue();
    assertThat(answers(hostNs, LOCALHOST, protocol)).as("host, 127.0.0.1").isTrue();
    assertThat(answers(a2, HOST_OUTSIDE, protocol)).as("sibling, host address").isTrue();
    assertThat(answers(a2, GATEWAY_A, protocol)).as("sibling, gateway").isTrue();
    assertThat(answers(a1, HOST_OUTSIDE, protocol)).as("the sandbox itself").isTrue();
    assertThat(answers(a1, GATEWAY_A, protocol)).as("the sandbox itself, gateway").isTrue();

    firewall().unpublish("e1");
    assertThat(answers(outside, HOST_OUTSIDE, protocol)).as("unpublished").isFalse();
  }

  @Test
  void portOnOneHostAddressIsNotReachedOnAnother() {
    firewall().addNetwork(network("A", "nmfa", true, false, true));
    firewall().publish(ports("e1", "nmfa",
        port(Optional.of(HOST_OUTSIDE), HOST_PORT, A1, SANDBOX_PORT, Protocol.TCP)));

    assertThat(answers(outside, HOST_OUTSIDE, Protocol.TCP)).isTrue();
    assertThat(answers(hostNs, HOST_OUTSIDE, Protocol.TCP)).isTrue();
    assertThat(answers(hostNs, GATEWAY_A, Protocol.TCP)).isFalse();
    assertThat(answers(hostNs, LOCALHOST, Protocol.TCP)).isFalse();
    assertThat(answers(a2, GATEWAY_A, Protocol.TCP)).isFalse();

    firewall().publish(ports("e1", "nmfa",
        port(Optional.of(LOCALHOST), HOST_PORT, A1, SANDBOX_PORT, Protocol.TCP)));

    assertThat(answers(hostNs, LOCALHOST, Protocol.TCP)).isTrue();
    assertThat(answers(outside, HOST_OUTSIDE, Protocol.TCP)).isFalse();
    assertThat(routeLocalnet("nmfa")).isEqualTo("1");
  }

  @Test
  void directAccessToASandboxIsDroppedButItsPublishedPortIsNot() {
    setForwarding("1");
    // The outside gets a route to A, so that only the firewall can stop the direct way.
    int eth0 = kernel.links(outside).get(InterfaceName.of("eth0")).orElseThrow().index();
    kernel.routes(outside).add(new Route(IpPrefix.parse("10.201.1.0/24"),
        Optional.of(HOST_OUTSIDE), OptionalInt.of(eth0), OptionalInt.empty()));
    assertThat(directly(outside, A1)).as("routed, before any rule").isTrue();

    firewall().addNetwork(network("A", "nmfa", true, false, true));
    assertThat(directly(outside, A1)).as("direct access, without a published port").isFalse();

    firewall().publish(ports("e1", "nmfa",
        port(Optional.empty(), HOST_PORT, A1, SANDBOX_PORT, Protocol.TCP)));
    assertThat(directly(outside, A1)).as("direct access to a published sandbox").isFalse();
    assertThat(answers(outside, HOST_OUTSIDE, Protocol.TCP)).isTrue();
    assertThat(ping(a1, OUTSIDE)).as("the sandbox's own connections still get answers")
        .isTrue();

    firewall().removeNetwork("A");
    assertThat(directly(outside, A1)).as("the rule goes with the network").isTrue();
  }

  @Test
  void sandboxOfAnotherNetworkReachesAPublishedPortThroughTheHostDespiteIsolation() {
    firewall().addNetwork(network("A", "nmfa", true, false, true));
    firewall().addNetwork(network("B", "nmfb", true, false, true));
    firewall().publish(ports("e1", "nmfa",
        port(Optional.empty(), HOST_PORT, A1, SANDBOX_PORT, Protocol.TCP)));

    assertThat(directly(b1, A1)).as("isolation").isFalse();
    assertThat(answers(b1, HOST_OUTSIDE, Protocol.TCP)).isTrue();
    assertThat(answers(b1, address("10.201.2.1"), Protocol.TCP)).isTrue();
  }

  @Test
  void addNetworkGuardsTheHostsLoopbackFromTheBridge() throws Exception {
    firewall().addNetwork(network("A", "nmfa", true, false, true));

    assertThat(ruleset().rules()).anySatisfy(r -> assertThat(r)
        .startsWith("inet netmodel guard-nmfa/A ")
        .contains("\"iifname\"", "\"nmfa\"", "\"127.0.0.0\"", "\"len\":8", "\"drop\""));
    assertThat(ruleset().rules()).contains(
        "inet netmodel prerouting [{\"jump\":{\"target\":\"guard-nmfa/A\"}}]");
    assertThat(ruleset().chains()).contains("inet netmodel prerouting");
  }

  @Test
  void rejectsBadEndpointKeysBeforeTheKernel() {
    assertThatThrownBy(() -> firewall().unpublish("a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"a b\"");
    assertThat(ruleset().tables()).isEmpty();
  }

  // ---- topology ----

  private Firewall firewall() {
    return kernel.firewall(hostNs);
  }

  private static PortRules ports(String endpoint, String bridge, PublishedPort... ports) {
    return new PortRules(endpoint, bridge.equals("nmfa") ? "A" : "B", InterfaceName.of(bridge),
        List.of(ports));
  }

  private static PublishedPort port(Optional<InetAddress> hostIp, int hostPort,
      InetAddress sandbox, int sandboxPort, Protocol protocol) {
    return new PublishedPort(hostIp, hostPort, sandbox, sandboxPort, protocol);
  }

  /** Turns hairpin mode on for a bridge port, as the engine does for a publishing sandbox. */
  private void hairpin(String port) {
    nsenter("ip", "link", "set", port, "type", "bridge_slave", "hairpin", "on");
  }

  private String routeLocalnet(String bridge) {
    return kernel.sysctls(hostNs).get("ipv4/conf/" + bridge + "/route_localnet").orElseThrow();
  }

  private static BridgeRules network(
      String name, String bridge, boolean masquerade, boolean internal, boolean icc) {
    IpPrefix subnet = IpPrefix.parse(bridge.equals("nmfa") ? "10.201.1.0/24" : "10.201.2.0/24");
    return new BridgeRules(name, InterfaceName.of(bridge), List.of(subnet), masquerade, internal,
        icc);
  }

  private NamespaceHandle namespace(String name) {
    NamespaceHandle ns = kernel.namespaces().create(name);
    opened.add(ns);
    kernel.links(ns).change(1, LinkChange.setUp());
    return ns;
  }

  private int bridge(String name, String gateway) {
    InterfaceName bridge = InterfaceName.of(name);
    kernel.links(hostNs).add(new LinkSpec.Bridge(bridge, LinkOptions.none()));
    int index = up(hostNs, bridge);
    kernel.addresses(hostNs).add(AddressEntry.of(index, IpPrefix.parse(gateway)));
    return index;
  }

  private NamespaceHandle sandbox(String name, int bridge, String address, InetAddress gateway) {
    NamespaceHandle ns = namespace(name);
    InterfaceName near = InterfaceName.of("v" + name);
    kernel.links(hostNs).add(new LinkSpec.Veth(near, LinkOptions.none().withMaster(bridge),
        InterfaceName.of("eth0"), ns, LinkOptions.none()));
    int port = up(hostNs, near);
    int eth0 = up(ns, InterfaceName.of("eth0"));
    kernel.addresses(ns).add(AddressEntry.of(eth0, IpPrefix.parse(address)));
    kernel.routes(ns).add(Route.defaultVia(gateway, eth0));
    // The kernel enables the port in deferred work after eth0 comes up, as for an attach.
    assertThat(kernel.links(hostNs).awaitPortEnabled(port, bridge, Duration.ofSeconds(5)))
        .as("port %s enabled", near).isTrue();
    return ns;
  }

  private int up(NamespaceHandle ns, InterfaceName name) {
    int index = kernel.links(ns).get(name).orElseThrow().index();
    kernel.links(ns).change(index, LinkChange.setUp());
    return index;
  }

  private void setForwarding(String value) {
    kernel.sysctls(hostNs).set("ipv4/ip_forward", value);
  }

  private String forwarding() {
    return kernel.sysctls(hostNs).get("ipv4/ip_forward").orElseThrow();
  }

  // ---- traffic ----

  /** Whether one of two echo requests from inside {@code ns} is answered within a second. */
  private static boolean ping(NamespaceHandle ns, InetAddress to) {
    try {
      Process ping = ns.start(
          new ProcessBuilder("ping", "-4", "-n", "-c2", "-i0.2", "-W1", to.getHostAddress())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD));
      if (!ping.waitFor(10, TimeUnit.SECONDS)) {
        ping.destroyForcibly();
        throw new AssertionError("ping " + to.getHostAddress() + " did not end in 10 s");
      }
      return ping.exitValue() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Whether a server on a1's {@value #SANDBOX_PORT} answers a client in {@code from} that talks
   * to {@code to}:{@value #HOST_PORT}.
   */
  private boolean answers(NamespaceHandle from, InetAddress to, Protocol protocol) {
    return Exchange.answers(from, to, HOST_PORT, protocol, a1, SANDBOX_PORT);
  }

  /** Whether a TCP server on {@value #SANDBOX_PORT} of {@code server} answers at {@code to}. */
  private boolean directly(NamespaceHandle from, InetAddress to) {
    NamespaceHandle server = to.equals(A1) ? a1 : to.equals(B1) ? b1 : a2;
    return Exchange.answers(from, to, SANDBOX_PORT, Protocol.TCP, server, SANDBOX_PORT);
  }

  /** Whether a TCP connection from inside {@code ns} to {@code to}:{@value #PORT} opens. */
  private static boolean connect(NamespaceHandle ns, InetAddress to) throws Exception {
    return ns.call(() -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(to, PORT), 2000);
        return true;
      } catch (IOException e) {
        return false;
      }
    });
  }

  // ---- the witness: nft -j list ruleset in the host namespace ----

  /** The ruleset as sorted lines, rules without their handles so that equal rules compare. */
  private record Ruleset(
      List<String> tables, List<String> chains, List<String> rules, List<String> sets) {}

  private Ruleset ruleset() {
    JsonNode all = readJson(nsenter("nft", "-j", "list", "ruleset")).get("nftables");
    TreeSet<String> tables = new TreeSet<>();
    TreeSet<String> chains = new TreeSet<>();
    List<String> rules = new ArrayList<>();
    TreeSet<String> sets = new TreeSet<>();
    for (JsonNode o : all) {
      if (o.has("table")) {
        JsonNode t = o.get("table");
        tables.add(t.get("family").asText() + " " + t.get("name").asText());
      } else if (o.has("chain")) {
        JsonNode c = o.get("chain");
        chains.add(where(c) + c.get("name").asText());
      } else if (o.has("rule")) {
        JsonNode r = o.get("rule");
        rules.add(where(r) + r.get("chain").asText() + " " + r.get("expr"));
      } else if (o.has("set")) {
        JsonNode s = o.get("set");
        JsonNode elements = s.has("elem") ? s.get("elem") : JSON.createArrayNode();
        sets.add(where(s) + s.get("name").asText() + " " + elements);
      }
    }
    rules.sort(null);
    return new Ruleset(List.copyOf(tables), List.copyOf(chains), List.copyOf(rules),
        List.copyOf(sets));
  }

  private static String where(JsonNode o) {
    return o.get("family").asText() + " " + o.get("table").asText() + " ";
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("nft -j printed no JSON: " + text, e);
    }
  }

  private void nft(String script) {
    nsenter("nft", script);
  }

  private String nsenter(String... command) {
    List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + host.file));
    argv.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", argv) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv("PATH").split(":"))
        .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }

  private static InetAddress address(String literal) {
    return IpAddresses.parse(literal);
  }
}
