package io.netmodel.linux.rtnl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmodel.api.KernelException;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.MacAddress;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Route;
import io.netmodel.linux.netlink.Netlink;
import io.netmodel.linux.netlink.NetlinkClient;
import io.netmodel.linux.netlink.NetlinkRequest;
import io.netmodel.linux.netlink.NetlinkSocket;
import io.netmodel.linux.ns.LinuxNamespaceHandle;
import io.netmodel.linux.ns.LinuxNamespaces;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The typed operations over a {@link NetlinkSocket} against the real kernel, in two throwaway
 * namespaces made by {@code ip netns add} ("host", where the socket is opened, and "peer");
 * kernel state is cross-checked with {@code ip -j}. Needs CAP_NET_ADMIN, CAP_SYS_ADMIN and
 * {@code ip}; skips without them, except under {@code CI=true} (see {@link Privilege}).
 */
class RtnlLinuxTest {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();

  private String host;
  private String peer;
  private LinuxNamespaces namespaces;
  private LinuxNamespaceHandle hostHandle;
  private LinuxNamespaceHandle peerHandle;
  private NetlinkClient client;
  private RtnlLinks links;
  private RtnlAddresses addresses;
  private RtnlRoutes routes;

  @BeforeEach
  void createNamespaces() throws Exception {
    KernelPrivilege.requireNamespaceAdmin();
    KernelPrivilege.require(onPath("ip"), "needs `ip` (iproute2) on the PATH as a witness");
    String base = "nmrt-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    host = base + "h";
    peer = base + "p";
    ip("netns", "add", host);
    ip("netns", "add", peer);
    namespaces = LinuxNamespaces.open();
    hostHandle = namespaces.open(host);
    peerHandle = namespaces.open(peer);
    client = new NetlinkClient(hostHandle.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE)));
    links = new RtnlLinks(client, LinuxNamespaces::fdOf);
    addresses = new RtnlAddresses(client);
    routes = new RtnlRoutes(client);
  }

  @AfterEach
  void deleteNamespaces() throws Exception {
    try {
      for (AutoCloseable c : new AutoCloseable[] {client, peerHandle, hostHandle, namespaces}) {
        if (c != null) {
          c.close();
        }
      }
    } finally {
      for (String ns : new String[] {host, peer}) {
        if (ns != null && Files.exists(Path.of("/run/netns", ns))) {
          ip("netns", "del", ns);
        }
      }
    }
  }

  @Test
  void bridgeAndVethWithPeerCreatedInTheOtherNamespaceAsIpSeesThem() throws Exception {
    Link br = links.add(new LinkSpec.Bridge(InterfaceName.of("br0"),
        LinkOptions.none().withMtu(1450)));
    Link veth = links.add(new LinkSpec.Veth(InterfaceName.of("veth1a2b"),
        LinkOptions.none().withMaster(br.index()).withMtu(1450)
            .withMacAddress(MacAddress.parse("02:00:00:00:00:aa")).withGroup(7),
        InterfaceName.of("eth0"), peerHandle,
        LinkOptions.none().withMtu(1450).withMacAddress(MacAddress.parse("02:00:00:00:00:bb"))));

    JsonNode brJson = ipJson(host, "-d", "link", "show", "br0").get(0);
    assertThat(brJson.get("ifindex").asInt()).isEqualTo(br.index());
    assertThat(brJson.at("/linkinfo/info_kind").asText()).isEqualTo("bridge");
    assertThat(br.kind()).hasValue("bridge");
    JsonNode vethJson = ipJson(host, "-d", "link", "show", "veth1a2b").get(0);
    assertThat(vethJson.get("ifindex").asInt()).isEqualTo(veth.index());
    assertThat(vethJson.get("master").asText()).isEqualTo("br0");
    assertThat(vethJson.get("mtu").asInt()).isEqualTo(1450).isEqualTo(veth.mtu());
    assertThat(vethJson.get("address").asText()).isEqualTo("02:00:00:00:00:aa");
    assertThat(veth.macAddress()).hasValue(MacAddress.parse("02:00:00:00:00:aa"));
    assertThat(veth.master()).hasValue(br.index());
    assertThat(veth.group()).isEqualTo(7);
    JsonNode eth0 = ipJson(peer, "-d", "link", "show", "eth0").get(0);
    assertThat(eth0.at("/linkinfo/info_kind").asText()).isEqualTo("veth");
    assertThat(eth0.get("mtu").asInt()).isEqualTo(1450);
    assertThat(eth0.get("address").asText()).isEqualTo("02:00:00:00:00:bb");
    assertThat(veth.link()).as("the peer's index, in the peer's namespace")
        .hasValue(eth0.get("ifindex").asInt());
    assertThat(links.find("veth1a2b").orElseThrow().linkNetnsId()).isPresent();
    // One queue each way on both ends, as asked in the creation (the kernel's default would be
    // one per possible CPU, cut to one in use; this VM has two).
    for (JsonNode end : List.of(vethJson, eth0)) {
      assertThat(end.get("num_tx_queues").asInt()).as("%s", end.get("ifname")).isEqualTo(1);
      assertThat(end.get("num_rx_queues").asInt()).as("%s", end.get("ifname")).isEqualTo(1);
    }
  }

  @Test
  void lookupsAndListAgreeWithIp() throws Exception {
    Link br = links.add(new LinkSpec.Bridge(InterfaceName.of("br0"), LinkOptions.none()));

    assertThat(links.get(InterfaceName.of("br0"))).hasValue(br);
    assertThat(links.get(br.index())).hasValue(br);
    assertThat(links.get(InterfaceName.of("nosuch0"))).isEmpty();
    assertThat(links.get(999)).isEmpty();
    List<String> ipNames = new ArrayList<>();
    for (JsonNode link : ipJson(host, "link", "show")) {
      ipNames.add(link.get("ifname").asText());
    }
    assertThat(links.list()).extracting(Link::name).containsExactlyElementsOf(ipNames);
  }

  @Test
  void changeSetsUpMtuMacNameAndMaster() throws Exception {
    Link br = links.add(new LinkSpec.Bridge(InterfaceName.of("br0"), LinkOptions.none()));
    Link veth = links.add(new LinkSpec.Veth(InterfaceName.of("v0"), LinkOptions.none(),
        InterfaceName.of("eth0"), peerHandle, LinkOptions.none()));

    links.change(veth.index(), LinkChange.setUp().withMtu(1400).withName(InterfaceName.of("v1"))
        .withMacAddress(MacAddress.parse("02:00:00:00:00:cc")).withMaster(br.index()));

    JsonNode v1 = ipJson(host, "link", "show", "v1").get(0);
    assertThat(v1.get("flags").toString()).contains("\"UP\"");
    assertThat(v1.get("mtu").asInt()).isEqualTo(1400);
    assertThat(v1.get("address").asText()).isEqualTo("02:00:00:00:00:cc");
    assertThat(v1.get("master").asText()).isEqualTo("br0");

    links.change(veth.index(), LinkChange.none().withUp(false).withoutMaster());

    JsonNode down = ipJson(host, "link", "show", "v1").get(0);
    assertThat(down.get("flags").toString()).doesNotContain("\"UP\"");
    assertThat(down.has("master")).isFalse();
  }

  @Test
  void hairpinOfABridgePortIsTurnedOnAndOffAsIpSeesIt() throws Exception {
    Link br = links.add(new LinkSpec.Bridge(InterfaceName.of("br0"), LinkOptions.none()));
    Link veth = links.add(new LinkSpec.Veth(InterfaceName.of("v0"),
        LinkOptions.none().withMaster(br.index()), InterfaceName.of("eth0"), peerHandle,
        LinkOptions.none()));
    assertThat(hairpinOf("v0")).as("a new bridge port").isFalse();

    links.change(veth.index(), LinkChange.setUp().withHairpin(true));

    assertThat(hairpinOf("v0")).isTrue();
    assertThat(ipJson(host, "link", "show", "v0").get(0).get("flags").toString())
        .as("the rest of the change, in the same request").contains("\"UP\"");

    links.change(veth.index(), LinkChange.none().withHairpin(false));

    assertThat(hairpinOf("v0")).isFalse();
  }

  @Test
  void aBridgePortIsAwaitedUntilIpSeesItForwardingAndTheBridgeUp() throws Exception {
    Link br = links.add(new LinkSpec.Bridge(InterfaceName.of("br0"), LinkOptions.none().withUp()));
    Link veth = links.add(new LinkSpec.Veth(InterfaceName.of("v0"),
        LinkOptions.none().withMaster(br.index()).withUp(), InterfaceName.of("eth0"), peerHandle,
        LinkOptions.none()));

    assertThat(links.awaitPortEnabled(veth.index(), br.index(), Duration.ofMillis(20))).isFalse();
    assertThat(portStateOf("v0")).as("its peer down").isEqualTo("disabled");
    assertThat(links.find(veth.index()).orElseThrow().bridgePortState())
        .hasValue(Ifla.BR_STATE_DISABLED);

    try (NetlinkClient inPeer =
        new NetlinkClient(peerHandle.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE)))) {
      RtnlLinks peerLinks = new RtnlLinks(inPeer, LinuxNamespaces::fdOf);
      peerLinks.change(peerLinks.find("eth0").orElseThrow().index(), LinkChange.setUp());
    }

    assertThat(links.awaitPortEnabled(veth.index(), br.index(), Duration.ofSeconds(5))).isTrue();
    assertThat(portStateOf("v0")).isEqualTo("forwarding");
    assertThat(ipJson(host, "link", "show", "br0").get(0).get("operstate").asText())
        .isEqualTo("UP");
    assertThat(links.find(veth.index()).orElseThrow().bridgePortState())
        .hasValue(Ifla.BR_STATE_FORWARDING);
  }

  private String portStateOf(String name) throws Exception {
    JsonNode state = ipJson(host, "-d", "link", "show", name).get(0)
        .at("/linkinfo/info_slave_data/state");
    assertThat(state.isTextual()).as("bridge port state of %s in ip -d: %s", name, state).isTrue();
    return state.asText();
  }

  @Test
  void hairpinOfALinkThatIsNoBridgePortIsRefusedWithEopnotsupp() {
    Link veth = links.add(new LinkSpec.Veth(InterfaceName.of("v0"), LinkOptions.none(),
        InterfaceName.of("eth0"), peerHandle, LinkOptions.none()));

    assertThatThrownBy(() -> links.change(veth.index(), LinkChange.none().withHairpin(true)))
        .isInstanceOfSatisfying(KernelException.class, e -> {
          assertThat(e.errnoName()).isEqualTo("EOPNOTSUPP");
          assertThat(e.operation()).isEqualTo("RTM_NEWLINK");
          assertThat(e.object()).isEqualTo("link " + veth.index() + " (hairpin on)");
        });
  }

  @Test
  void hairpinInTheRequestThatEnslavesTheLinkIsRefusedAsTheLinkHasNoMasterYet() throws Exception {
    Link br = links.add(new LinkSpec.Bridge(InterfaceName.of("br0"), LinkOptions.none()));
    Link veth = links.add(new LinkSpec.Veth(InterfaceName.of("v0"), LinkOptions.none(),
        InterfaceName.of("eth0"), peerHandle, LinkOptions.none()));

    assertThatThrownBy(() -> links.change(veth.index(),
            LinkChange.none().withMaster(br.index()).withHairpin(true)))
        .isInstanceOfSatisfying(KernelException.class,
            e -> assertThat(e.errnoName()).isEqualTo("EOPNOTSUPP"));
    assertThat(ipJson(host, "link", "show", "v0").get(0).has("master"))
        .as("nothing of the refused request is applied").isFalse();
  }

  private boolean hairpinOf(String name) throws Exception {
    JsonNode slave = ipJson(host, "-d", "link", "show", name).get(0)
        .at("/linkinfo/info_slave_data/hairpin");
    assertThat(slave.isBoolean()).as("hairpin of %s in ip -d: %s", name, slave).isTrue();
    return slave.asBoolean();
  }

  @Test
  void linkMovesToAnotherNamespace() throws Exception {
    Link veth = links.add(new LinkSpec.Veth(InterfaceName.of("v9"), LinkOptions.none(),
        InterfaceName.of("eth0"), peerHandle, LinkOptions.none()));

    links.change(veth.index(), LinkChange.none().withNamespace(peerHandle));

    assertThat(links.get(InterfaceName.of("v9"))).isEmpty();
    assertThat(ipJson(peer, "link", "show")).extracting(n -> n.get("ifname").asText())
        .containsExactlyInAnyOrder("lo", "eth0", "v9");
  }

  @Test
  void refusalCarriesTheKernelsExtendedAckMessage() {
    Link br = links.add(new LinkSpec.Bridge(InterfaceName.of("br9"), LinkOptions.none()));

    assertThatThrownBy(() -> links.change(br.index(),
            LinkChange.none().withNamespace(peerHandle)))
        .isInstanceOfSatisfying(KernelException.class, e -> {
          assertThat(e.errnoName()).isEqualTo("EINVAL");
          assertThat(e.kernelMessage()).hasValue("The interface netns is immutable");
          assertThat(e.object()).isEqualTo("link " + br.index() + " (to ns " + peer + ")");
        });
  }

  @Test
  void deleteRemovesBothEndsOfAVethAndIsFalseTheSecondTime() throws Exception {
    Link veth = links.add(new LinkSpec.Veth(InterfaceName.of("v0"), LinkOptions.none(),
        InterfaceName.of("eth0"), peerHandle, LinkOptions.none()));

    assertThat(links.delete(veth.index())).isTrue();
    assertThat(links.delete(veth.index())).isFalse();
    assertThat(links.delete(InterfaceName.of("v0"))).isFalse();
    assertThat(ipJson(peer, "link", "show")).extracting(n -> n.get("ifname").asText())
        .containsExactly("lo");
  }

  @Test
  void groupIsDeletedInOneRequest() throws Exception {
    for (String name : List.of("g1", "g2", "g3")) {
      links.add(new LinkSpec.Bridge(InterfaceName.of(name), LinkOptions.none().withGroup(9)));
    }
    links.add(new LinkSpec.Bridge(InterfaceName.of("keep"), LinkOptions.none()));

    links.deleteGroup(9);
    links.deleteGroup(9);

    assertThat(ipJson(host, "link", "show")).extracting(n -> n.get("ifname").asText())
        .containsExactly("lo", "keep");
  }

  @Test
  void addressesOfBothFamiliesAsIpSeesThem() throws Exception {
    Link br = links.add(new LinkSpec.Bridge(InterfaceName.of("br0"), LinkOptions.none()));
    AddressEntry v4 = AddressEntry.of(br.index(), IpPrefix.parse("10.9.0.1/24"));
    AddressEntry v6 = new AddressEntry(br.index(), IpPrefix.parse("fd00:9::1/64"), true);

    addresses.add(v4);
    addresses.add(v6);

    List<String> seen = new ArrayList<>();
    for (JsonNode a : ipJson(host, "addr", "show", "dev", "br0").get(0).get("addr_info")) {
      seen.add(a.get("local").asText() + "/" + a.get("prefixlen").asInt()
          + (a.has("broadcast") ? " brd " + a.get("broadcast").asText() : "")
          + (a.path("nodad").asBoolean() ? " nodad" : ""));
    }
    assertThat(seen).contains("10.9.0.1/24 brd 10.9.0.255", "fd00:9::1/64 nodad");
    assertThat(addresses.list(br.index())).contains(v4, v6);
    assertThat(addresses.list()).contains(v4, v6);
    assertThatThrownBy(() -> addresses.add(v4))
        .isInstanceOfSatisfying(KernelException.class,
            e -> assertThat(e.errnoName()).isEqualTo("EEXIST"));

    assertThat(addresses.delete(v4)).isTrue();
    assertThat(addresses.delete(v4)).isFalse();
    assertThat(addresses.list(br.index())).doesNotContain(v4).contains(v6);
  }

  @Test
  void defaultAndDeviceRoutesAsIpSeesThem() throws Exception {
    Link br = links.add(new LinkSpec.Bridge(InterfaceName.of("br0"), LinkOptions.none()));
    links.change(br.index(), LinkChange.setUp());
    addresses.add(AddressEntry.of(br.index(), IpPrefix.parse("10.9.0.1/24")));
    Route viaGateway = Route.defaultVia(InetAddress.getByName("10.9.0.254"), br.index());
    Route onLink = Route.onLink(IpPrefix.parse("10.10.0.0/16"), br.index());

    routes.add(viaGateway);
    routes.add(onLink);

    JsonNode ipRoutes = ipJson(host, "route", "show");
    assertThat(ipRoutes.toString())
        .contains("\"dst\":\"default\",\"gateway\":\"10.9.0.254\",\"dev\":\"br0\"")
        .contains("\"dst\":\"10.10.0.0/16\",\"dev\":\"br0\",\"scope\":\"link\"");
    assertThat(routes.list()).contains(viaGateway, onLink);
    assertThatThrownBy(() -> routes.add(onLink))
        .isInstanceOfSatisfying(KernelException.class,
            e -> assertThat(e.errnoName()).isEqualTo("EEXIST"));

    routes.replace(new Route(onLink.destination(), onLink.gateway(), onLink.device(),
        onLink.metric()));
    assertThat(routes.delete(onLink)).isTrue();
    assertThat(routes.delete(onLink)).isFalse();
    assertThat(ipJson(host, "route", "show").toString()).doesNotContain("10.10.0.0/16");
  }

  @Test
  void kernelRefusalsCarryTheErrnoAndTheObject() {
    links.add(new LinkSpec.Bridge(InterfaceName.of("br0"), LinkOptions.none()));
    links.add(new LinkSpec.Veth(InterfaceName.of("v0"), LinkOptions.none(),
        InterfaceName.of("eth0"), peerHandle, LinkOptions.none()));

    assertThatThrownBy(() -> links.add(new LinkSpec.Veth(InterfaceName.of("v1"),
            LinkOptions.none(), InterfaceName.of("eth0"), peerHandle, LinkOptions.none())))
        .isInstanceOfSatisfying(KernelException.class, e -> {
          assertThat(e.operation()).isEqualTo("RTM_NEWLINK");
          assertThat(e.errnoName()).isEqualTo("EEXIST");
          assertThat(e.object()).isEqualTo("v1 (peer eth0 in ns " + peer + ")");
        });
    assertThatThrownBy(() -> links.add(new LinkSpec.Bridge(InterfaceName.of("b1"),
            LinkOptions.none().withMaster(4242))))
        .isInstanceOf(KernelException.class);
    assertThat(links.get(InterfaceName.of("b1"))).isEmpty();
  }

  @Test
  void pipelinedCreationsAreAllAcknowledgedAndTheFailureReported() throws Exception {
    List<NetlinkRequest> requests = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      String name = i == 40 ? "pb10" : "pb" + i; // the 41st repeats the 11th
      LinkSpec spec = new LinkSpec.Bridge(InterfaceName.of(name), LinkOptions.none());
      requests.add(NetlinkRequest.of("RTM_NEWLINK", name, Rtnl.RTM_NEWLINK,
          Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
          w -> LinkRequests.create(w, spec, ns -> -1, -1)));
    }

    assertThatThrownBy(() -> client.executeAll(requests))
        .isInstanceOfSatisfying(KernelException.class, e -> {
          assertThat(e.errnoName()).isEqualTo("EEXIST");
          assertThat(e.object()).isEqualTo("pb10");
        });

    assertThat(ipJson(host, "link", "show")).hasSize(1 + 79);
    // The socket is in step: the next exchange gets its own answer.
    assertThat(links.get(InterfaceName.of("pb79"))).isPresent();
  }

  @Test
  void largeDumpSpansManyDatagrams() throws Exception {
    List<NetlinkRequest> requests = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      LinkSpec spec = new LinkSpec.Bridge(InterfaceName.of("d" + i), LinkOptions.none());
      requests.add(NetlinkRequest.of("RTM_NEWLINK", "d" + i, Rtnl.RTM_NEWLINK,
          Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
          w -> LinkRequests.create(w, spec, ns -> -1, -1)));
    }
    client.executeAll(requests);

    List<Link> all = links.list();

    assertThat(all).hasSize(301);
    assertThat(all).extracting(Link::index).isSorted().doesNotHaveDuplicates();
  }

  // ---- environment

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static String ip(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("ip");
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  private static JsonNode ipJson(String namespace, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("-j", "-n", namespace));
    command.addAll(List.of(args));
    return JSON.readTree(ip(command.toArray(new String[0])));
  }
}
