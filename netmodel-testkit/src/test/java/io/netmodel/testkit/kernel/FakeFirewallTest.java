package io.netmodel.testkit.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.Firewall.BridgeRules;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fake's firewall and what it does to the fake's reachability answers, on a topology
 * built with the port itself: bridges br-a (10.1.0.1/24, sandboxes a1 .2 and a2 .3) and
 * br-b (10.2.0.1/24, sandbox b1 .2) in the host, and an "outside" namespace on a veth from
 * the host (uplink0 198.51.100.2/24, wan0 198.51.100.1/24) with no route back to 10.x.
 */
class FakeFirewallTest {
  private static final String OUTSIDE = "198.51.100.1";
  private static final String INTERNAL_A =
      "host: dropped: network a is internal (nothing is routed into or out of br-a)";

  private final FakeKernel kernel = FakeKernel.create();
  private final NamespaceHandle host = kernel.namespaces().host();
  private final Firewall firewall = kernel.firewall(host);
  private final FakeTopology topology = new FakeTopology(kernel);
  private final NamespaceHandle a1;
  private final NamespaceHandle a2;
  private final NamespaceHandle b1;
  private final NamespaceHandle outside;

  FakeFirewallTest() {
    topology.bridge("br-a", "10.1.0.1/24");
    topology.bridge("br-b", "10.2.0.1/24");
    a1 = topology.sandbox("a1", "br-a", "10.1.0.2/24", "10.1.0.1");
    a2 = topology.sandbox("a2", "br-a", "10.1.0.3/24", "10.1.0.1");
    b1 = topology.sandbox("b1", "br-b", "10.2.0.2/24", "10.2.0.1");
    outside = kernel.namespaces().create("outside");
    topology.wire("uplink0", "198.51.100.2/24", "wan0", "198.51.100.1/24", outside);
  }

  private static BridgeRules rules(
      String network, String bridge, String subnet, boolean masquerade, boolean internal,
      boolean icc) {
    return new BridgeRules(network, InterfaceName.of(bridge), List.of(IpPrefix.parse(subnet)),
        masquerade, internal, icc);
  }

  private static BridgeRules plain(String network, String bridge, String subnet) {
    return rules(network, bridge, subnet, true, false, true);
  }

  private BridgeRules networkA() {
    return plain("a", "br-a", "10.1.0.0/24");
  }

  private BridgeRules networkB() {
    return plain("b", "br-b", "10.2.0.0/24");
  }

  // ---- state -----------------------------------------------------------------------------

  @Test
  void changesNothingUntilANetworkIsAdded() {
    assertThat(firewall.networks()).isEmpty();
    assertThat(kernel.sysctls(host).get("ipv4/ip_forward")).contains("0");

    Reachability answer = reach(a1, OUTSIDE);

    assertThat(answer.reachable()).isFalse();
    assertThat(answer.reason()).isEqualTo("host does not forward (net.ipv4.ip_forward is not 1)");
  }

  @Test
  void networksAreListedByNameAndAddingOrRemovingTwiceIsHarmless() {
    firewall.addNetwork(plain("web", "br-a", "10.1.0.0/24"));
    firewall.addNetwork(plain("db", "br-b", "10.2.0.0/24"));
    firewall.addNetwork(plain("cache", "br-c", "10.3.0.0/24"));
    firewall.addNetwork(plain("web", "br-a", "10.1.0.0/24"));

    assertThat(firewall.networks()).containsExactly("cache", "db", "web");
    assertThat(kernel.firewall(host).networks()).containsExactly("cache", "db", "web");

    firewall.removeNetwork("db");
    firewall.removeNetwork("db");
    firewall.removeNetwork("never-added");

    assertThat(firewall.networks()).containsExactly("cache", "web");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aNetworkThatIsNotInternalTurnsForwardingOn(boolean internal) {
    firewall.addNetwork(rules("a", "br-a", "10.1.0.0/24", true, internal, true));

    String expected = internal ? "0" : "1";
    assertThat(kernel.sysctls(host).get("ipv4/ip_forward")).contains(expected);
    assertThat(kernel.sysctls(host).get("ipv4/conf/all/forwarding")).contains(expected);
    assertThat(kernel.sysctls(host).get("ipv4/conf/uplink0/forwarding")).contains(expected);
    assertThat(kernel.sysctls(a1).get("ipv4/ip_forward")).contains("0");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aNetworkWithoutIccTurnsBridgedFilteringOn(boolean icc) {
    firewall.addNetwork(rules("a", "br-a", "10.1.0.0/24", true, false, icc));

    for (String key :
        List.of("bridge/bridge-nf-call-iptables", "bridge/bridge-nf-call-ip6tables")) {
      if (icc) {
        assertThat(kernel.sysctls(host).get(key)).isEmpty();
      } else {
        assertThat(kernel.sysctls(host).get(key)).contains("1");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "nul\0"})
  void aNetworkNameTheRulesCannotHoldIsRefused(String network) {
    assertThatThrownBy(() -> firewall.addNetwork(plain(network, "br-a", "10.1.0.0/24")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("network name must be non-empty, without '/' or NUL");
    assertThatThrownBy(() -> firewall.removeNetwork(network))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(firewall.networks()).isEmpty();
  }

  @Test
  void removingANetworkLeavesForwardingOn() {
    firewall.addNetwork(networkA());
    firewall.removeNetwork("a");

    assertThat(kernel.sysctls(host).get("ipv4/ip_forward")).contains("1");
  }

  @Test
  void eachNamespaceHasItsOwnFirewall() {
    firewall.addNetwork(networkA());

    assertThat(kernel.firewall(outside).networks()).isEmpty();
    kernel.firewall(outside).addNetwork(networkB());
    assertThat(firewall.networks()).containsExactly("a");
    assertThat(kernel.firewall(outside).networks()).containsExactly("b");
    assertThat(kernel.sysctls(outside).get("ipv4/ip_forward")).contains("1");
  }

  @Test
  void aClosedKernelRefusesItsFirewall() {
    kernel.close();

    assertThatThrownBy(() -> kernel.firewall(host)).isInstanceOf(IllegalStateException.class);
  }

  // ---- masquerade ------------------------------------------------------------------------

  @Test
  void withoutMasqueradeTheOutsideHasNoWayBack() {
    firewall.addNetwork(rules("a", "br-a", "10.1.0.0/24", false, false, true));

    Reachability answer = reach(a1, OUTSIDE);

    assertThat(answer.reachable()).isFalse();
    assertThat(answer.reason())
        .isEqualTo("no way back from netns outside: netns outside has no route to 10.1.0.2"
            + " (Network is unreachable)");
    assertThat(answer.path()).noneMatch(step -> step.contains("masquerade"));
  }

  @Test
  void withMasqueradeTheOutsideAnswersTheHostsAddressAndTheReplyIsSentOn() {
    firewall.addNetwork(networkA());

    Reachability answer = reach(a1, OUTSIDE);

    assertThat(answer.reachable()).as("%s", answer).isTrue();
    assertThat(answer.reason()).isEqualTo("reached netns outside");
    assertThat(answer.path())
        .containsSubsequence(
            "host: masquerade 10.1.0.2 as 198.51.100.2 out of uplink0 (network a)",
            "netns outside: 198.51.100.1 is local",
            "the reply from netns outside to 198.51.100.2:",
            "host: 198.51.100.2 is de-masqueraded back to 10.1.0.2 (network a)",
            "netns a1: 10.1.0.2 is local");
  }

  @Test
  void onlyAddressesOfTheNetworksSubnetsAreMasqueraded() {
    firewall.addNetwork(networkA());

    Reachability answer = reach(b1, OUTSIDE);

    assertThat(answer.reachable()).isFalse();
    assertThat(answer.reason()).contains("netns outside has no route to 10.2.0.2");
  }

  @Test
  void masqueradeDropsWhatLeavesThroughALinkWithoutAnIpv4Address() {
    NamespaceHandle far = kernel.namespaces().create("far");
    Link bare = kernel.links(host).add(new LinkSpec.Veth(InterfaceName.of("bare0"),
        LinkOptions.none(), InterfaceName.of("far0"), far, LinkOptions.none()));
    kernel.links(host).change(bare.index(), LinkChange.setUp());
    Link far0 = kernel.links(far).get(InterfaceName.of("far0")).orElseThrow();
    kernel.addresses(far).add(AddressEntry.of(far0.index(), IpPrefix.parse("203.0.113.1/24")));
    kernel.links(far).change(far0.index(), LinkChange.setUp());
    kernel.routes(host).add(Route.onLink(IpPrefix.parse("203.0.113.0/24"), bare.index()));
    firewall.addNetwork(networkA());

    Reachability answer = reach(a1, "203.0.113.1");

    assertThat(answer.reachable()).isFalse();
    assertThat(answer.reason())
        .isEqualTo("host: masquerade finds no IPv4 address on bare0 (the packet is dropped)");
  }

  @Test
  void theHostsOwnTrafficIsNeitherMasqueradedNorFiltered() {
    firewall.addNetwork(rules("a", "br-a", "10.1.0.0/24", true, true, false));
    firewall.addNetwork(networkB());

    assertThat(reach(host, OUTSIDE).reachable()).isTrue();
    assertThat(reach(host, OUTSIDE).path()).noneMatch(step -> step.contains("masquerade"));
    assertThat(reach(host, "10.1.0.2").reachable()).isTrue();
    assertThat(reach(host, "10.2.0.2").reachable()).isTrue();
  }

  // ---- isolation, internal, ICC ----------------------------------------------------------

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource(delimiter = '|', value = {
    "a1 | 10.2.0.2     | host: dropped by netmodel's isolation of networks a and b (br-a to br-b)",
    "b1 | 10.1.0.2     | host: dropped by netmodel's isolation of networks b and a (br-b to br-a)",
    "a1 | 10.2.0.1     | reached host",
    "a1 | 10.1.0.3     | reached netns a2",
    "a1 | 198.51.100.1 | reached netns outside",
  })
  void networksAreIsolatedFromEachOtherButNotFromTheHost(
      String from, String to, String reason) {
    firewall.addNetwork(networkA());
    firewall.addNetwork(networkB());

    assertThat(reach(sandbox(from), to).reason()).isEqualTo(reason);
  }

  @Test
  void withoutTheFirewallForwardingAloneJoinsTheNetworks() {
    forwardingOn();

    assertThat(reach(a1, "10.2.0.2").reachable()).isTrue();
    assertThat(reach(b1, "10.1.0.2").reachable()).isTrue();
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource(delimiter = '|', value = {
    "a1      | 198.51.100.1 | " + INTERNAL_A,
    "outside | 10.1.0.2     | " + INTERNAL_A,
    "a1      | 10.1.0.1     | reached host",
    "a1      | 198.51.100.2 | reached host",
    "a1      | 10.1.0.3     | reached netns a2",
  })
  void anInternalNetworkIsRoutedNeitherInNorOut(String from, String to, String reason) {
    forwardingOn();
    firewall.addNetwork(rules("a", "br-a", "10.1.0.0/24", true, true, true));
    Link wan0 = kernel.links(outside).get(InterfaceName.of("wan0")).orElseThrow();
    kernel.routes(outside)
        .add(Route.defaultVia(IpAddresses.parse("198.51.100.2"), wan0.index()));

    assertThat(reach(sandbox(from), to).reason()).isEqualTo(reason);
  }

  @Test
  void anInternalNetworkStillLetsTheOutsideInWhenItIsRemoved() {
    forwardingOn();
    Link wan0 = kernel.links(outside).get(InterfaceName.of("wan0")).orElseThrow();
    kernel.routes(outside)
        .add(Route.defaultVia(IpAddresses.parse("198.51.100.2"), wan0.index()));
    firewall.addNetwork(rules("a", "br-a", "10.1.0.0/24", true, true, true));
    assertThat(reach(outside, "10.1.0.2").reachable()).isFalse();

    firewall.removeNetwork("a");

    assertThat(reach(outside, "10.1.0.2").reason()).isEqualTo("reached netns a1");
  }

  @ParameterizedTest(name = "icc={0}")
  @ValueSource(booleans = {false, true})
  void iccOffKeepsSandboxesOfANetworkApartButNotFromTheGateway(boolean icc) {
    firewall.addNetwork(rules("a", "br-a", "10.1.0.0/24", true, false, icc));

    Reachability sibling = reach(a1, "10.1.0.3");

    assertThat(sibling.reachable()).isEqualTo(icc);
    if (!icc) {
      assertThat(sibling.reason()).isEqualTo("host: dropped: inter-container communication is off"
          + " on network a (between ports of br-a)");
    }
    assertThat(reach(a1, "10.1.0.1").reachable()).isTrue();
    assertThat(reach(a2, OUTSIDE).reachable()).isTrue();
  }

  @ParameterizedTest(name = "icc={0}")
  @ValueSource(booleans = {false, true})
  void iccOffAlsoDropsWhatIsRoutedBackOutOfTheBridge(boolean icc) {
    Link eth0 = kernel.links(a1).get(InterfaceName.of("eth0")).orElseThrow();
    kernel.routes(a1).add(new Route(IpPrefix.parse("10.1.0.3/32"),
        Optional.of(IpAddresses.parse("10.1.0.1")), OptionalInt.of(eth0.index()),
        OptionalInt.empty()));
    firewall.addNetwork(rules("a", "br-a", "10.1.0.0/24", true, false, icc));

    Reachability routed = reach(a1, "10.1.0.3");

    assertThat(routed.path()).contains("netns a1: 10.1.0.3/32 via 10.1.0.1 dev eth0");
    assertThat(routed.reason()).isEqualTo(icc ? "reached netns a2"
        : "host: dropped: inter-container communication is off on network a (between ports of"
            + " br-a)");
  }

  @Test
  void removingEveryNetworkGivesBackTheFormerAnswers() {
    forwardingOn();
    List<Reachability> before = probes();

    firewall.addNetwork(rules("a", "br-a", "10.1.0.0/24", true, false, false));
    firewall.addNetwork(networkB());
    assertThat(probes()).isNotEqualTo(before);
    firewall.removeNetwork("a");
    firewall.removeNetwork("b");

    assertThat(probes()).isEqualTo(before);
    assertThat(firewall.networks()).isEmpty();
  }

  @Test
  void addingANetworkAgainReplacesItsRules() {
    firewall.addNetwork(rules("a", "br-a", "10.1.0.0/24", true, false, false));
    assertThat(reach(a1, "10.1.0.3").reachable()).isFalse();

    firewall.addNetwork(networkA());
    firewall.addNetwork(networkA());

    assertThat(reach(a1, "10.1.0.3").reachable()).isTrue();
    assertThat(firewall.networks()).containsExactly("a");
  }

  // ---- the topology ----------------------------------------------------------------------

  private List<Reachability> probes() {
    List<Reachability> answers = new ArrayList<>();
    for (NamespaceHandle from : List.of(a1, a2, b1, host)) {
      for (String to : List.of("10.1.0.2", "10.1.0.3", "10.2.0.2", "10.1.0.1", OUTSIDE)) {
        answers.add(reach(from, to));
      }
    }
    return answers;
  }

  private Reachability reach(NamespaceHandle from, String to) {
    return kernel.reach(from, IpAddresses.parse(to));
  }

  private NamespaceHandle sandbox(String name) {
    switch (name) {
      case "a1":
        return a1;
      case "a2":
        return a2;
      case "b1":
        return b1;
      case "outside":
        return outside;
      default:
        throw new IllegalArgumentException("no such namespace in the topology: " + name);
    }
  }

  private void forwardingOn() {
    kernel.sysctls(host).set("ipv4/ip_forward", "1");
  }
}
