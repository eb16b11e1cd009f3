package io.netmodel.linux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.netmodel.api.Endpoint;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.Bridge;
import io.netmodel.api.mode.EndpointOptions;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.core.ipam.Ipam;
import io.netmodel.core.state.StateStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bridge mode on the real kernel, inside a throwaway namespace that plays the host: sandboxes
 * on a bridge network exchange real packets (ICMP, TCP, IPv4 and IPv6), and the kernel state
 * the driver leaves (addresses, routes, bridge ports, MTU, IPv6 switches) is what {@code ip
 * -j}, {@code ping} and {@code /proc/sys/net} report from inside each namespace. Needs
 * CAP_SYS_ADMIN, CAP_NET_ADMIN, {@code ip}, {@code ping} and {@code nsenter}; skips without
 * them, except under {@code CI=true}.
 */
class BridgeLinuxTest {
  private static final Duration ONE_TRY = Duration.ZERO;
  /** IPv6 addresses are NODAD, but neighbour discovery may still need a retry. */
  private static final Duration IPV6_PATIENCE = Duration.ofSeconds(3);

  @TempDir Path state;
  private BridgeLab lab;

  @BeforeEach
  void openLab() {
    lab = BridgeLab.open(state);
  }

  @AfterEach
  void closeLab() {
    if (lab != null) {
      lab.close();
    }
  }

  // ---- connectivity --------------------------------------------------------------------

  @ParameterizedTest(name = "network {0} ({1})")
  @CsvSource({"n1, 10.213.1.0/24", "bridge, 172.17.0.0/16"})
  void twoSandboxesOnOneNetworkExchangePingAndTcpAndReachTheGateway(
      String network, String subnetText) throws Exception {
    IpPrefix subnet = IpPrefix.parse(subnetText);
    if (!network.equals(BridgeNetworkSpec.DEFAULT_NETWORK)) {
      lab.net.createNetwork(BridgeNetworkSpec.builder(network).ipv4(IpamConfig.of(subnet)).build());
    }
    Sandbox a = lab.net.createSandbox(SandboxSpec.of(lab.net.parseMode(network)).withName("a"));
    Sandbox b = lab.net.createSandbox(SandboxSpec.of(lab.net.parseMode(network)).withName("b"));
    InetAddress gateway = subnet.host(1);
    InetAddress aAddress = subnet.host(2);
    InetAddress bAddress = subnet.host(3);

    assertThat(a.endpoints()).singleElement().satisfies(e -> {
      assertThat(e.network()).isEqualTo(network);
      assertThat(e.interfaceName()).isEqualTo(InterfaceName.of("eth0"));
      assertThat(e.addresses()).containsExactly(IpPrefix.of(aAddress, subnet.length()));
      assertThat(e.gateways()).containsExactly(gateway);
    });
    assertThat(b.endpoints()).singleElement()
        .extracting(Endpoint::addresses)
        .isEqualTo(List.of(IpPrefix.of(bAddress, subnet.length())));
    assertReaches("a", bAddress, ONE_TRY);
    assertReaches("b", aAddress, ONE_TRY);
    assertReaches("a", gateway, ONE_TRY);
    assertReaches("b", gateway, ONE_TRY);
    echoesOverTcp("a", aAddress, "b", bAddress);
  }

  @Test
  void dualStackSandboxesExchangeIpv6AndHaveIpv6Routes() throws Exception {
    IpPrefix v4 = IpPrefix.parse("10.213.2.0/24");
    IpPrefix v6 = IpPrefix.parse("fd00:213:2::/64");
    lab.net.createNetwork(
        BridgeNetworkSpec.builder("n6").ipv4(IpamConfig.of(v4)).ipv6(IpamConfig.of(v6)).build());
    Sandbox a = lab.net.createSandbox(SandboxSpec.of(lab.net.parseMode("n6")).withName("a"));
    lab.net.createSandbox(SandboxSpec.of(lab.net.parseMode("n6")).withName("b"));
    InetAddress aAddress = v6.host(2);
    InetAddress bAddress = v6.host(3);

    assertThat(a.endpoints()).singleElement().satisfies(e -> {
      assertThat(e.addresses())
          .containsExactly(IpPrefix.of(v4.host(2), 24), IpPrefix.of(aAddress, 64));
      assertThat(e.gateways()).containsExactly(v4.host(1), v6.host(1));
    });
    assertReaches("a", bAddress, IPV6_PATIENCE);
    assertReaches("b", aAddress, IPV6_PATIENCE);
    assertReaches("a", v6.host(1), IPV6_PATIENCE);
    echoesOverTcp("a", aAddress, "b", bAddress);

    assertThat(lab.sysctl("a", "ipv6/conf/eth0/disable_ipv6")).isEqualTo("0");
    JsonNode global6 = lab.ipJson("a", "-6", "addr", "show", "dev", "eth0", "scope", "global");
    assertThat(addresses(global6)).containsExactly("fd00:213:2::2/64");
    assertThat(global6.get(0).get("addr_info").get(0).path("nodad").asBoolean())
        .as("NODAD: usable at once").isTrue();
    assertThat(routes(lab.ipJson("a", "-6", "route", "show", "default")))
        .containsExactly("default via fd00:213:2::1 dev eth0");
    String bridge = lab.bridgeOf("n6").toString();
    assertThat(addresses(lab.hostIpJson("addr", "show", "dev", bridge, "scope", "global")))
        .containsExactlyInAnyOrder("10.213.2.1/24", "fd00:213:2::1/64");
    assertThat(lab.hostSysctl("ipv6/conf/" + bridge + "/disable_ipv6")).isEqualTo("0");
    assertThat(lab.hostSysctl("ipv6/conf/" + bridge + "/accept_ra")).isEqualTo("0");
  }

  // ---- several networks ----------------------------------------------------------------

  @Test
  void aSandboxOnTwoNetworksHasOneDefaultRouteViaTheFirstUntilItIsDisconnected()
      throws Exception {
    lab.net.createNetwork(BridgeNetworkSpec.builder("n1")
        .ipv4(IpamConfig.of(IpPrefix.parse("10.213.3.0/24"))).build());
    lab.net.createNetwork(BridgeNetworkSpec.builder("n2")
        .ipv4(IpamConfig.of(IpPrefix.parse("10.213.4.0/24"))).build());
    lab.net.createSandbox(SandboxSpec.of(lab.net.parseMode("n1")).withName("a"));
    lab.net.createSandbox(SandboxSpec.of(lab.net.parseMode("n2")).withName("c"));
    String br1 = lab.bridgeOf("n1").toString();
    String br2 = lab.bridgeOf("n2").toString();

    Endpoint second = lab.net.connect("a", Bridge.of("n2").withOptions(
        EndpointOptions.defaults().withIpv4(IpAddresses.parseIpv4("10.213.4.50"))));

    assertThat(second.interfaceName()).isEqualTo(InterfaceName.of("eth1"));
    assertThat(second.addresses()).containsExactly(IpPrefix.parse("10.213.4.50/24"));
    assertThat(addresses(lab.ipJson("a", "-4", "addr", "show", "dev", "eth0")))
        .containsExactly("10.213.3.2/24");
    assertThat(addresses(lab.ipJson("a", "-4", "addr", "show", "dev", "eth1")))
        .containsExactly("10.213.4.50/24");
    assertThat(routes(lab.ipJson("a", "-4", "route", "show", "default")))
        .containsExactly("default via 10.213.3.1 dev eth0");
    assertThat(routes(lab.ipJson("a", "-4", "route", "show")))
        .containsExactlyInAnyOrder(
            "default via 10.213.3.1 dev eth0", "10.213.3.0/24 dev eth0", "10.213.4.0/24 dev eth1");
    assertThat(names(lab.hostIpJson("link", "show", "master", br1))).hasSize(1);
    assertThat(names(lab.hostIpJson("link", "show", "master", br2))).hasSize(2);
    assertReaches("a", IpAddresses.parse("10.213.4.1"), ONE_TRY);
    assertReaches("c", IpAddresses.parse("10.213.4.50"), ONE_TRY);

    assertThat(lab.net.disconnect("a", "n1")).isTrue();
    assertThat(lab.net.disconnect("a", "n1")).isFalse();

    assertThat(names(lab.ipJson("a", "link", "show"))).containsExactlyInAnyOrder("lo", "eth1");
    assertThat(routes(lab.ipJson("a", "-4", "route", "show", "default")))
        .containsExactly("default via 10.213.4.1 dev eth1");
    assertThat(names(lab.hostIpJson("link", "show", "master", br1)))
        .as("the disconnected veth is gone from n1's bridge").isEmpty();
    assertThat(lab.net.sandbox("a").orElseThrow().endpoints())
        .extracting(Endpoint::network, Endpoint::interfaceName)
        .containsExactly(tuple("n2", InterfaceName.of("eth1")));
    assertReaches("a", IpAddresses.parse("10.213.4.1"), ONE_TRY);

    Endpoint back = lab.net.connect("a", lab.net.parseMode("n1"));

    assertThat(back.interfaceName()).as("the lowest free name").isEqualTo(InterfaceName.of("eth0"));
    assertThat(routes(lab.ipJson("a", "-4", "route", "show", "default")))
        .as("connecting a network never moves the default route")
        .containsExactly("default via 10.213.4.1 dev eth1");
  }

  // ---- kernel state --------------------------------------------------------------------

  @ParameterizedTest(name = "mtu {0}")
  @ValueSource(ints = {1400, 9000})
  void endpointKernelStateIsWhatIpSeesOnBothEnds(int mtu) {
    lab.net.createNetwork(BridgeNetworkSpec.builder("m")
        .ipv4(IpamConfig.of(IpPrefix.parse("10.213.5.0/24"))).mtu(mtu).build());
    Sandbox a = lab.net.createSandbox(SandboxSpec.of(lab.net.parseMode("m")).withName("a"));
    Endpoint endpoint = a.endpoints().get(0);
    String bridge = lab.bridgeOf("m").toString();

    JsonNode inside = lab.ipJson("a", "-d", "link", "show");
    assertThat(names(inside)).containsExactly("lo", "eth0");
    assertThat(flags(inside.get(0))).contains("UP");
    JsonNode eth0 = inside.get(1);
    assertThat(eth0.at("/linkinfo/info_kind").asText()).isEqualTo("veth");
    assertThat(eth0.get("mtu").asInt()).isEqualTo(mtu);
    assertThat(eth0.get("address").asText()).isEqualTo(endpoint.macAddress().toString());
    assertThat(flags(eth0)).contains("UP", "LOWER_UP");
    JsonNode addr = lab.ipJson("a", "addr", "show", "dev", "eth0");
    assertThat(addresses(addr)).as("IPv4 only: not even a link-local IPv6 address")
        .containsExactly("10.213.5.2/24");
    assertThat(addr.get(0).get("addr_info").get(0).path("broadcast").asText())
        .isEqualTo("10.213.5.255");
    assertThat(routes(lab.ipJson("a", "route", "show")))
        .containsExactlyInAnyOrder("default via 10.213.5.1 dev eth0", "10.213.5.0/24 dev eth0");
    assertThat(lab.sysctl("a", "ipv6/conf/eth0/disable_ipv6")).isEqualTo("1");

    JsonNode br = lab.hostIpJson("-d", "link", "show", "dev", bridge).get(0);
    assertThat(br.at("/linkinfo/info_kind").asText()).isEqualTo("bridge");
    assertThat(br.get("mtu").asInt()).isEqualTo(mtu);
    assertThat(flags(br)).contains("UP");
    assertThat(addresses(lab.hostIpJson("addr", "show", "dev", bridge)))
        .containsExactly("10.213.5.1/24");
    assertThat(lab.hostSysctl("ipv6/conf/" + bridge + "/disable_ipv6")).isEqualTo("1");
    JsonNode ports = lab.hostIpJson("-d", "link", "show", "master", bridge);
    assertThat(ports).hasSize(1);
    JsonNode hostEnd = ports.get(0);
    assertThat(hostEnd.get("ifname").asText()).matches("veth[0-9a-f]{11}");
    assertThat(hostEnd.at("/linkinfo/info_kind").asText()).isEqualTo("veth");
    assertThat(hostEnd.get("master").asText()).isEqualTo(bridge);
    assertThat(hostEnd.get("mtu").asInt()).isEqualTo(mtu);
    assertThat(flags(hostEnd)).contains("UP", "LOWER_UP");
    assertThat(hostEnd.get("link_index").asInt())
        .as("the host end's peer is a's eth0").isEqualTo(eth0.get("ifindex").asInt());
    assertThat(eth0.get("link_index").asInt()).isEqualTo(hostEnd.get("ifindex").asInt());
  }

  @Test
  void removingTheSandboxThenTheNetworkLeavesNothingOnTheHost() {
    lab.net.createNetwork(BridgeNetworkSpec.builder("gone")
        .ipv4(IpamConfig.of(IpPrefix.parse("10.213.6.0/24"))).build());
    Sandbox a = lab.net.createSandbox(SandboxSpec.of(lab.net.parseMode("gone")).withName("a"));
    String bridge = lab.bridgeOf("gone").toString();
    Path file = a.namespacePath().orElseThrow();
    assertThat(file).exists();

    assertThat(lab.net.removeSandbox("a")).isTrue();

    assertThat(file).doesNotExist();
    assertThat(new Ipam(StateStore.open(state)).allocations("gone")).isEmpty();
    assertThat(BridgeLab.eventually(Duration.ofSeconds(5),
            () -> names(lab.hostIpJson("link", "show", "master", bridge)).isEmpty()))
        .as("the kernel destroys the veth with the namespace").isTrue();

    lab.net.removeNetwork("gone");

    assertThat(names(lab.hostIpJson("link", "show"))).containsExactly("lo");
    assertThat(Files.exists(lab.host.netnsDirectory.resolve("a"))).isFalse();
  }

  // ---- helpers -------------------------------------------------------------------------

  private void assertReaches(String sandbox, InetAddress target, Duration patience) {
    BridgeLab.Output out = lab.ping(sandbox, IpAddresses.toString(target), patience);
    assertThat(out.exitCode())
        .as("ping from %s to %s:%n%s", sandbox, IpAddresses.toString(target), out.text())
        .isZero();
  }

  /**
   * A listener bound to {@code serverAddress} inside {@code server}, a client connecting from
   * inside {@code client}; the bytes sent come back, and the listener sees the client's own
   * address (no NAT between sandboxes of one network).
   */
  private void echoesOverTcp(
      String client, InetAddress clientAddress, String server, InetAddress serverAddress)
      throws Exception {
    byte[] hello = ("hello from " + client).getBytes(UTF_8);
    try (NamespaceHandle s = lab.net.openNamespace(server);
        NamespaceHandle c = lab.net.openNamespace(client);
        ServerSocket listener = s.call(() -> new ServerSocket(0, 1, serverAddress))) {
      listener.setSoTimeout(5000);
      int port = listener.getLocalPort();
      try (Socket out = c.call(() -> connect(new InetSocketAddress(serverAddress, port)));
          Socket in = listener.accept()) {
        in.setSoTimeout(5000);
        out.setSoTimeout(5000);
        assertThat(in.getInetAddress()).isEqualTo(clientAddress);
        out.getOutputStream().write(hello);
        out.shutdownOutput();
        byte[] received = in.getInputStream().readAllBytes();
        in.getOutputStream().write(received);
        in.shutdownOutput();
        assertThat(out.getInputStream().readAllBytes()).isEqualTo(hello);
      }
    }
  }

  private static Socket connect(InetSocketAddress target) throws Exception {
    Socket socket = new Socket();
    try {
      socket.connect(target, 5000);
      return socket;
    } catch (Exception e) {
      socket.close();
      throw e;
    }
  }

  /** {@code ifname} of each link in {@code ip -j link} output. */
  private static List<String> names(JsonNode links) {
    List<String> names = new ArrayList<>();
    links.forEach(l -> names.add(l.get("ifname").asText()));
    return names;
  }

  private static List<String> flags(JsonNode link) {
    List<String> flags = new ArrayList<>();
    link.get("flags").forEach(f -> flags.add(f.asText()));
    return flags;
  }

  /** {@code local/prefixlen} of every address in {@code ip -j addr} output. */
  private static List<String> addresses(JsonNode links) {
    List<String> addresses = new ArrayList<>();
    for (JsonNode link : links) {
      for (JsonNode a : link.path("addr_info")) {
        if (a.has("local")) {
          addresses.add(a.get("local").asText() + "/" + a.get("prefixlen").asInt());
        }
      }
    }
    return addresses;
  }

  /** {@code DST [via GATEWAY] dev DEV} of every route in {@code ip -j route} output. */
  private static List<String> routes(JsonNode routes) {
    List<String> result = new ArrayList<>();
    for (JsonNode r : routes) {
      result.add(r.get("dst").asText()
          + (r.has("gateway") ? " via " + r.get("gateway").asText() : "")
          + " dev " + r.get("dev").asText());
    }
    return result;
  }
}
