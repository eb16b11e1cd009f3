package io.netmodel.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.AddressPoolExhaustedException;
import io.netmodel.api.ConflictException;
import io.netmodel.api.Endpoint;
import io.netmodel.api.KernelException;
import io.netmodel.api.NetworkInfo;
import io.netmodel.api.Networking;
import io.netmodel.api.NotFoundException;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.Bridge;
import io.netmodel.api.mode.EndpointOptions;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.MacAddress;
import io.netmodel.api.net.PortMapping;
import io.netmodel.api.net.PortRange;
import io.netmodel.api.net.Protocol;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkKind;
import io.netmodel.core.kernel.Route;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Networking} must do for bridge mode, observed through the kernel port:
 * the bridge device and its gateway address, the veth pair with one end inside the sandbox
 * under its final name, addresses from the network's IPAM, the default route, IPv6 disabled
 * on IPv4-only networks, several networks per sandbox, and rollback of a failed attach. A
 * backend's test extends this class as it does {@link NetworkingContract}; sandboxes and
 * networks left by a test are removed after it.
 */
public abstract class BridgeContract {
  private static final IpPrefix ANY4 = IpPrefix.parse("0.0.0.0/0");
  private static final IpPrefix ANY6 = IpPrefix.parse("::/0");

  @TempDir Path stateDirectory;

  private final List<Networking> opened = new ArrayList<>();
  private Networking net;

  /** For subclasses, which make the backend under test. */
  protected BridgeContract() {}

  /**
   * A Networking over a fresh host (the same host for every call within one test), with its
   * state in {@code stateDirectory}.
   */
  protected abstract Networking newNetworking(Path stateDirectory);

  /** A kernel port that sees the host and the namespaces of the Networkings made. */
  protected abstract Kernel kernel();

  /**
   * Whether a packet from sandbox {@code sandbox} reaches {@code address} and its reply comes
   * back: on the real kernel, a ping; on the fake, its reachability answer. The cases below
   * hold the two to the same verdicts.
   */
  protected abstract boolean reaches(Networking net, String sandbox, InetAddress address);

  /**
   * Whether a server on {@code serverPort} in namespace {@code server} answers a client in
   * namespace {@code from} that connects (TCP) or sends a datagram (UDP) to {@code address}:
   * {@code port}: on the real kernel, real sockets; on the fake, its reachability answer
   * arriving in {@code server} at {@code serverPort}. The cases below hold the two to the same
   * verdicts.
   */
  protected abstract boolean answers(
      NamespaceHandle from,
      InetAddress address,
      int port,
      Protocol protocol,
      NamespaceHandle server,
      int serverPort);

  /**
   * Returns once {@code link} of namespace {@code ns}, an end of a veth pair the suite has just
   * brought up, transmits. Linux turns a device's transmission on in deferred work after its
   * carrier comes on, and drops what the device is given before: the first ARP request, which
   * is repeated only a second later, when a one-second ping has given up. The default does
   * nothing, for a kernel that transmits at once.
   */
  protected void awaitTransmitting(NamespaceHandle ns, Link link) {}

  /** Called after each test, once every Networking is closed, to release the host. */
  protected void afterNetworkingClosed() {}

  @BeforeEach
  final void openNetworking() {
    net = open();
  }

  @AfterEach
  final void closeNetworking() {
    try {
      if (net != null) {
        List<Sandbox> all = net.sandboxes();
        all.stream().filter(s -> s.owner().isPresent()).forEach(s -> net.removeSandbox(s.name()));
        all.stream().filter(s -> s.owner().isEmpty()).forEach(s -> net.removeSandbox(s.name()));
        net.networks().stream()
            .filter(n -> !n.name().equals("bridge"))
            .forEach(n -> net.removeNetwork(n.name()));
      }
    } finally {
      opened.forEach(Networking::close);
      afterNetworkingClosed();
    }
  }

  private Networking open() {
    Networking n = newNetworking(stateDirectory);
    opened.add(n);
    return n;
  }

  // ---- networks -------------------------------------------------------------------------

  @Test
  public void theDefaultBridgeNetworkExistsFromFirstUseWithDockersDefaults() {
    NetworkInfo bridge = net.network("bridge").orElseThrow();

    BridgeNetworkSpec spec = (BridgeNetworkSpec) bridge.spec();
    assertThat(spec.ipv4().orElseThrow().subnet()).isEqualTo(IpPrefix.parse("172.17.0.0/16"));
    assertThat(spec.ipv4().orElseThrow().effectiveGateway()).isEqualTo(ip("172.17.0.1"));
    assertThat(spec.mtu()).isEqualTo(1500);
    assertThat(spec.bridgeName()).contains(InterfaceName.of("nm0"));
    assertThat(net.networks()).extracting(NetworkInfo::name).containsExactly("bridge");
    assertThat(bridge.id()).matches("[0-9a-f]{64}");
  }

  @Test
  public void theDefaultBridgeNetworkCannotBeRemoved() {
    assertThatThrownBy(() -> net.removeNetwork("bridge"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("bridge");
    assertThat(net.network("bridge")).isPresent();
  }

  @Test
  public void aNetworkWithoutSubnetTakesTheNextFreeDefaultPool() {
    NetworkInfo web = net.createNetwork(BridgeNetworkSpec.builder("web").build());
    NetworkInfo db = net.createNetwork(BridgeNetworkSpec.builder("db").build());

    BridgeNetworkSpec webSpec = (BridgeNetworkSpec) web.spec();
    assertThat(webSpec.ipv4().orElseThrow().subnet()).isEqualTo(IpPrefix.parse("172.18.0.0/16"));
    assertThat(webSpec.ipv4().orElseThrow().gateway()).contains(ip("172.18.0.1"));
    assertThat(((BridgeNetworkSpec) db.spec()).ipv4().orElseThrow().subnet())
        .isEqualTo(IpPrefix.parse("172.19.0.0/16"));
    assertThat(webSpec.bridgeName()).contains(InterfaceName.of("nm-" + web.id().substring(0, 12)));
    Link device = hostLink(webSpec.bridgeName().orElseThrow().toString());
    assertThat(device.is(LinkKind.BRIDGE)).isTrue();
    assertThat(device.up()).isTrue();
    assertThat(device.macAddress().orElseThrow().isLocallyAdministered()).isTrue();
    assertThat(hostAddresses(device)).contains(IpPrefix.parse("172.18.0.1/16"));
    assertThat(net.networks()).extracting(NetworkInfo::name).containsExactly("bridge", "db", "web");
  }

  @Test
  public void aSubnetOverlappingAnotherNetworksIsAConflictNamingIt() {
    net.createNetwork(bridge("web", "10.213.0.0/16"));

    assertThatThrownBy(() -> net.createNetwork(bridge("db", "10.213.4.0/24")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("10.213.0.0/16")
        .hasMessageContaining("web");
    assertThat(net.networks()).extracting(NetworkInfo::name).doesNotContain("db");
  }

  @Test
  public void aTakenNetworkNameIsAConflict() {
    net.createNetwork(bridge("web", "10.213.0.0/24"));

    assertThatThrownBy(() -> net.createNetwork(bridge("web", "10.213.1.0/24")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("web");
  }

  @Test
  public void removingANetworkDeletesItsBridgeAndRefusesWhileSandboxesAreConnected() {
    NetworkInfo web = net.createNetwork(bridge("web", "10.213.0.0/24"));
    String device = ((BridgeNetworkSpec) web.spec()).bridgeName().orElseThrow().toString();
    net.createSandbox(SandboxSpec.of(net.parseMode("web")).withName("a"));

    assertThatThrownBy(() -> net.removeNetwork("web"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("a");
    assertThat(net.network("web").orElseThrow().sandboxes()).containsExactly("a");

    net.removeSandbox("a");
    net.removeNetwork("web");

    assertThat(net.network("web")).isEmpty();
    assertThat(kernel().links(host()).get(InterfaceName.of(device))).isEmpty();
    assertThatThrownBy(() -> net.removeNetwork("web")).isInstanceOf(NotFoundException.class);
  }

  @Test
  public void aSubnetOverlappingAnAddressOfTheHostIsAConflictNamingTheInterface() {
    NamespaceHandle host = host();
    Link other = kernel().links(host).add(new io.netmodel.core.kernel.LinkSpec.Veth(
        InterfaceName.of("docker0x"), io.netmodel.core.kernel.LinkOptions.none(),
        InterfaceName.of("docker0y"), host, io.netmodel.core.kernel.LinkOptions.none()));
    kernel().addresses(host).add(AddressEntry.of(other.index(), IpPrefix.parse("172.17.0.1/16")));
    kernel().addresses(host).add(AddressEntry.of(other.index(), IpPrefix.parse("10.213.77.1/24")));
    int hostLinks = kernel().links(host).list().size();

    assertThatThrownBy(
            () -> net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("a")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("172.17.0.0/16")
        .hasMessageContaining("docker0x");
    assertThatThrownBy(() -> net.createNetwork(bridge("web", "10.213.77.0/25")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("10.213.77.1/24")
        .hasMessageContaining("docker0x");
    assertThat(net.network("web")).isEmpty();

    assertNothingLeft("a", hostLinks);
    kernel().links(host).delete(other.index());
  }

  @Test
  public void anExistingBridgeOfTheRightNameIsReused() {
    net.createNetwork(
        BridgeNetworkSpec.builder("web")
            .bridgeName(InterfaceName.of("nmtest0"))
            .ipv4(IpamConfig.of(IpPrefix.parse("10.213.0.0/24")))
            .build());
    Networking other = open();

    Sandbox a = other.createSandbox(SandboxSpec.of(other.parseMode("web")).withName("a"));

    assertThat(hostLink("nmtest0").is(LinkKind.BRIDGE)).isTrue();
    assertThat(a.endpoints()).hasSize(1);
  }

  // ---- endpoints ------------------------------------------------------------------------

  @Test
  public void aSandboxOnTheDefaultBridgeGetsEth0TheFirstAddressAndTheDefaultRoute() {
    Sandbox a = net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("a"));

    Endpoint eth0 = a.endpoints().get(0);
    assertThat(eth0.network()).isEqualTo("bridge");
    assertThat(eth0.interfaceName()).isEqualTo(InterfaceName.of("eth0"));
    assertThat(eth0.addresses()).containsExactly(IpPrefix.parse("172.17.0.2/16"));
    assertThat(eth0.gateways()).containsExactly(ip("172.17.0.1"));
    assertThat(eth0.macAddress().isLocallyAdministered()).isTrue();
    assertThat(eth0.macAddress().isMulticast()).isFalse();

    Link nm0 = hostLink("nm0");
    assertThat(nm0.is(LinkKind.BRIDGE)).isTrue();
    assertThat(nm0.up()).isTrue();
    assertThat(hostAddresses(nm0)).contains(IpPrefix.parse("172.17.0.1/16"));
    List<Link> ports =
        kernel().links(host()).list().stream()
            .filter(l -> l.master().equals(java.util.OptionalInt.of(nm0.index())))
            .toList();
    assertThat(ports).hasSize(1);
    assertThat(ports.get(0).is(LinkKind.VETH)).isTrue();
    assertThat(ports.get(0).up()).isTrue();
    assertThat(ports.get(0).mtu()).isEqualTo(1500);
    assertThat(ports.get(0).name()).matches("veth[0-9a-f]{11}");

    try (NamespaceHandle ns = net.openNamespace("a")) {
      Link inside = kernel().links(ns).get(InterfaceName.of("eth0")).orElseThrow();
      assertThat(inside.is(LinkKind.VETH)).isTrue();
      assertThat(inside.up()).isTrue();
      assertThat(inside.mtu()).isEqualTo(1500);
      assertThat(inside.macAddress()).contains(eth0.macAddress());
      assertThat(kernel().addresses(ns).list(inside.index()))
          .extracting(AddressEntry::prefix)
          .contains(IpPrefix.parse("172.17.0.2/16"));
      assertThat(defaultRoutes(ns))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.gateway()).contains(ip("172.17.0.1"));
                assertThat(r.device()).hasValue(inside.index());
              });
      assertThat(kernel().links(ns).list()).extracting(Link::name).containsExactlyInAnyOrder("lo", "eth0");
      // lo comes up with eth0's configuration, in the same exchange.
      Link lo = kernel().links(ns).get(InterfaceName.of("lo")).orElseThrow();
      assertThat(lo.up()).isTrue();
      assertThat(kernel().addresses(ns).list(lo.index()))
          .extracting(AddressEntry::prefix)
          .contains(IpPrefix.parse("127.0.0.1/8"));
    }
  }

  @Test
  public void anIpv4OnlyNetworkDisablesIpv6OnTheSandboxInterface() {
    net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("a"));

    try (NamespaceHandle ns = net.openNamespace("a")) {
      assertThat(kernel().sysctls(ns).get("ipv6/conf/eth0/disable_ipv6")).contains("1");
      assertThat(kernel().addresses(ns).list().stream().map(AddressEntry::prefix))
          .noneMatch(p -> !p.isIpv4() && !p.address().isLoopbackAddress());
    }
  }

  @Test
  public void anIpv6NetworkGivesBothFamiliesWithoutDuplicateAddressDetection() {
    net.createNetwork(
        BridgeNetworkSpec.builder("dual")
            .ipv4(IpamConfig.of(IpPrefix.parse("10.213.0.0/24")))
            .ipv6(IpamConfig.of(IpPrefix.parse("fd00:213::/64")))
            .build());

    Sandbox a = net.createSandbox(SandboxSpec.of(net.parseMode("dual")).withName("a"));

    Endpoint eth0 = a.endpoints().get(0);
    assertThat(eth0.addresses())
        .containsExactly(IpPrefix.parse("10.213.0.2/24"), IpPrefix.parse("fd00:213::2/64"));
    assertThat(eth0.gateways()).containsExactly(ip("10.213.0.1"), ip("fd00:213::1"));
    try (NamespaceHandle ns = net.openNamespace("a")) {
      assertThat(kernel().sysctls(ns).get("ipv6/conf/eth0/disable_ipv6")).contains("0");
      assertThat(kernel().addresses(ns).list())
          .filteredOn(e -> e.prefix().equals(IpPrefix.parse("fd00:213::2/64")))
          .singleElement()
          .satisfies(e -> assertThat(e.noDad()).isTrue());
      assertThat(defaultRoutes(ns))
          .extracting(r -> r.gateway().orElseThrow())
          .containsExactlyInAnyOrder(ip("10.213.0.1"), ip("fd00:213::1"));
    }
  }

  @Test
  public void staticAddressAndMacAreHonoured() {
    net.createNetwork(bridge("web", "10.213.0.0/24"));
    MacAddress mac = MacAddress.parse("02:00:00:00:21:30");
    EndpointOptions options =
        EndpointOptions.defaults()
            .withIpv4(IpAddresses.parseIpv4("10.213.0.77"))
            .withMacAddress(mac);

    Sandbox a =
        net.createSandbox(SandboxSpec.of(Bridge.of("web").withOptions(options)).withName("a"));

    assertThat(a.endpoints().get(0).addresses()).containsExactly(IpPrefix.parse("10.213.0.77/24"));
    assertThat(a.endpoints().get(0).macAddress()).isEqualTo(mac);
    try (NamespaceHandle ns = net.openNamespace("a")) {
      assertThat(kernel().links(ns).get(InterfaceName.of("eth0")).orElseThrow().macAddress())
          .contains(mac);
    }
  }

  @Test
  public void aStaticAddressOutsideTheSubnetIsRefusedAndLeavesNothing() {
    net.createNetwork(bridge("web", "10.213.0.0/24"));
    EndpointOptions outside =
        EndpointOptions.defaults().withIpv4(IpAddresses.parseIpv4("10.213.1.5"));
    int hostLinks = kernel().links(host()).list().size();

    assertThatThrownBy(
            () ->
                net.createSandbox(
                    SandboxSpec.of(Bridge.of("web").withOptions(outside)).withName("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.213.1.5");

    assertNothingLeft("a", hostLinks);
  }

  @Test
  public void aTakenStaticAddressIsAConflictAndRollsBackEverything() {
    net.createNetwork(bridge("web", "10.213.0.0/24"));
    EndpointOptions ten = EndpointOptions.defaults().withIpv4(IpAddresses.parseIpv4("10.213.0.10"));
    net.createSandbox(SandboxSpec.of(Bridge.of("web").withOptions(ten)).withName("a"));
    int hostLinks = kernel().links(host()).list().size();

    assertThatThrownBy(
            () -> net.createSandbox(SandboxSpec.of(Bridge.of("web").withOptions(ten)).withName("b")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("10.213.0.10")
        .hasMessageContaining("a");

    assertNothingLeft("b", hostLinks);
  }

  @Test
  public void aNamespaceNameTakenOutsideTheStateIsAConflictThatLeavesThatNamespaceAlone() {
    net.createNetwork(bridge("web", "10.213.0.0/24"));
    NamespaceId squatter;
    try (NamespaceHandle ns = kernel().namespaces().create("b")) {
      squatter = ns.id();
    }
    int hostLinks = kernel().links(host()).list().size();

    try {
      assertThatThrownBy(
              () -> net.createSandbox(SandboxSpec.of(net.parseMode("web")).withName("b")))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("b");

      assertThat(net.sandboxes()).extracting(Sandbox::name).doesNotContain("b");
      assertThat(kernel().links(host()).list()).hasSize(hostLinks);
      try (NamespaceHandle ns = kernel().namespaces().open("b")) {
        assertThat(ns.id()).isEqualTo(squatter);
      }
      Sandbox c = net.createSandbox(SandboxSpec.of(net.parseMode("web")).withName("c"));
      assertThat(c.endpoints().get(0).addresses())
          .containsExactly(IpPrefix.parse("10.213.0.2/24"));
    } finally {
      kernel().namespaces().delete("b");
    }
  }

  @Test
  public void aKernelRefusalMidwayRollsBackTheVethAndTheAddress() {
    net.createNetwork(bridge("web", "10.213.0.0/24"));
    net.createSandbox(SandboxSpec.of(net.parseMode("none")).withName("a"));
    int hostLinks = kernel().links(host()).list().size();
    EndpointOptions asLo = EndpointOptions.defaults().withInterfaceName(InterfaceName.of("lo"));

    assertThatThrownBy(() -> net.connect("a", Bridge.of("web").withOptions(asLo)))
        .isInstanceOf(KernelException.class)
        .satisfies(e -> assertThat(((KernelException) e).errnoName()).isEqualTo("EEXIST"));

    assertThat(kernel().links(host()).list()).hasSize(hostLinks);
    assertThat(net.sandbox("a").orElseThrow().endpoints()).isEmpty();
    Sandbox b = net.createSandbox(SandboxSpec.of(net.parseMode("web")).withName("b"));
    assertThat(b.endpoints().get(0).addresses()).containsExactly(IpPrefix.parse("10.213.0.2/24"));
  }

  @Test
  public void aHostEndNameAlreadyTakenMovesOnToTheNextName() throws Exception {
    NetworkInfo web = net.createNetwork(bridge("web", "10.213.0.0/24"));
    Sandbox a = net.createSandbox(SandboxSpec.of(net.parseMode("none")).withName("a"));
    // The name the host end would get first: veth + 11 hex of sha256(sandbox/network/0).
    byte[] seed = (a.id() + "/" + web.id() + "/0").getBytes(StandardCharsets.UTF_8);
    byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(seed);
    String first = "veth" + java.util.HexFormat.of().formatHex(hash).substring(0, 11);
    kernel().links(host()).add(new io.netmodel.core.kernel.LinkSpec.Veth(
        InterfaceName.of(first), io.netmodel.core.kernel.LinkOptions.none(),
        InterfaceName.of("squat1"), host(), io.netmodel.core.kernel.LinkOptions.none()));

    net.connect("a", net.parseMode("web"));

    Link port =
        kernel().links(host()).list().stream()
            .filter(l -> l.master().isPresent() && l.name().startsWith("veth"))
            .findFirst()
            .orElseThrow();
    assertThat(port.name()).matches("veth[0-9a-f]{11}").isNotEqualTo(first);
    kernel().links(host()).delete(hostLink(first).index());
  }

  @Test
  public void anExhaustedNetworkIsItsOwnExceptionNamingTheNetworkAndLeavesNothing() {
    net.createNetwork(bridge("tiny", "10.213.0.0/30"));
    net.createSandbox(SandboxSpec.of(net.parseMode("tiny")).withName("a"));
    int hostLinks = kernel().links(host()).list().size();

    assertThatThrownBy(() -> net.createSandbox(SandboxSpec.of(net.parseMode("tiny")).withName("b")))
        .isInstanceOf(AddressPoolExhaustedException.class)
        .hasMessageContaining("tiny");

    assertNothingLeft("b", hostLinks);
  }

  @Test
  public void aSecondNetworkIsEth1AndTheDefaultRouteStaysWithTheFirst() {
    net.createNetwork(bridge("front", "10.213.1.0/24"));
    net.createNetwork(bridge("back", "10.213.2.0/24"));
    net.createSandbox(SandboxSpec.of(net.parseMode("front")).withName("a"));

    Endpoint eth1 = net.connect("a", net.parseMode("back"));

    assertThat(eth1.interfaceName()).isEqualTo(InterfaceName.of("eth1"));
    assertThat(eth1.addresses()).containsExactly(IpPrefix.parse("10.213.2.2/24"));
    assertThat(eth1.routes()).isEmpty();
    assertThat(net.sandbox("a").orElseThrow().endpoints())
        .extracting(Endpoint::network)
        .containsExactly("front", "back");
    assertThat(net.network("back").orElseThrow().sandboxes()).containsExactly("a");
    try (NamespaceHandle ns = net.openNamespace("a")) {
      assertThat(defaultRoutes(ns))
          .singleElement()
          .satisfies(r -> assertThat(r.gateway()).contains(ip("10.213.1.1")));
      assertThat(kernel().addresses(ns).list(kernel().links(ns).get(InterfaceName.of("eth1")).orElseThrow().index()))
          .extracting(AddressEntry::prefix)
          .contains(IpPrefix.parse("10.213.2.2/24"));
    }
  }

  @Test
  public void eachFamilysDefaultRouteComesFromTheFirstNetworkThatHasIt() {
    net.createNetwork(bridge("v4only", "10.213.1.0/24"));
    net.createNetwork(
        BridgeNetworkSpec.builder("dual")
            .ipv4(IpamConfig.of(IpPrefix.parse("10.213.2.0/24")))
            .ipv6(IpamConfig.of(IpPrefix.parse("fd00:213:2::/64")))
            .build());
    net.createSandbox(SandboxSpec.of(net.parseMode("v4only")).withName("a"));

    Endpoint eth1 = net.connect("a", net.parseMode("dual"));

    assertThat(eth1.routes())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.destination()).isEqualTo(ANY6);
              assertThat(r.gateway()).contains(ip("fd00:213:2::1"));
            });
    try (NamespaceHandle ns = net.openNamespace("a")) {
      assertThat(defaultRoutes(ns))
          .extracting(r -> r.gateway().orElseThrow())
          .containsExactlyInAnyOrder(ip("10.213.1.1"), ip("fd00:213:2::1"));
    }
    net.disconnect("a", "v4only");
    try (NamespaceHandle ns = net.openNamespace("a")) {
      assertThat(defaultRoutes(ns))
          .extracting(r -> r.gateway().orElseThrow())
          .containsExactlyInAnyOrder(ip("10.213.2.1"), ip("fd00:213:2::1"));
    }
  }

  @Test
  public void connectingTwiceToOneNetworkIsAConflict() {
    net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("a"));

    assertThatThrownBy(() -> net.connect("a", net.parseMode("bridge")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already connected");
  }

  @Test
  public void disconnectRemovesTheInterfaceReleasesTheAddressAndPassesOnTheDefaultRoute() {
    net.createNetwork(bridge("front", "10.213.1.0/24"));
    net.createNetwork(bridge("back", "10.213.2.0/24"));
    net.createSandbox(SandboxSpec.of(net.parseMode("front")).withName("a"));
    net.connect("a", net.parseMode("back"));

    assertThat(net.disconnect("a", "front")).isTrue();
    assertThat(net.disconnect("a", "front")).isFalse();

    assertThat(net.sandbox("a").orElseThrow().endpoints())
        .singleElement()
        .satisfies(e -> assertThat(e.routes()).isNotEmpty());
    try (NamespaceHandle ns = net.openNamespace("a")) {
      assertThat(kernel().links(ns).get(InterfaceName.of("eth0"))).isEmpty();
      assertThat(defaultRoutes(ns))
          .singleElement()
          .satisfies(r -> assertThat(r.gateway()).contains(ip("10.213.2.1")));
    }
    Sandbox b = net.createSandbox(SandboxSpec.of(net.parseMode("front")).withName("b"));
    assertThat(b.endpoints().get(0).addresses()).containsExactly(IpPrefix.parse("10.213.1.2/24"));
    assertThat(net.connect("a", net.parseMode("front")).interfaceName())
        .isEqualTo(InterfaceName.of("eth0"));
  }

  @Test
  public void anInternalNetworkGivesNoDefaultRoute() {
    net.createNetwork(
        BridgeNetworkSpec.builder("inner")
            .ipv4(IpamConfig.of(IpPrefix.parse("10.213.3.0/24")))
            .internal(true)
            .build());

    Sandbox a = net.createSandbox(SandboxSpec.of(net.parseMode("inner")).withName("a"));

    assertThat(a.endpoints().get(0).routes()).isEmpty();
    try (NamespaceHandle ns = net.openNamespace("a")) {
      assertThat(defaultRoutes(ns)).isEmpty();
    }
    Endpoint outer = net.connect("a", net.parseMode("bridge"));
    assertThat(outer.routes()).extracting(Endpoint.RouteInfo::destination).containsExactly(ANY4);
  }

  @Test
  public void removingASandboxReleasesItsAddressForTheNext() {
    net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("a"));
    net.removeSandbox("a");

    Sandbox b = net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("b"));

    assertThat(b.endpoints().get(0).addresses()).containsExactly(IpPrefix.parse("172.17.0.2/16"));
  }

  @Test
  public void anotherNetworkingOnTheSameStateSeesNetworksAndAllocations() {
    net.createNetwork(bridge("web", "10.213.0.0/24"));
    net.createSandbox(SandboxSpec.of(net.parseMode("web")).withName("a"));
    Networking other = open();

    Sandbox b = other.createSandbox(SandboxSpec.of(other.parseMode("web")).withName("b"));

    assertThat(b.endpoints().get(0).addresses()).containsExactly(IpPrefix.parse("10.213.0.3/24"));
    assertThat(other.network("web").orElseThrow().sandboxes()).containsExactly("a", "b");
    assertThat(other.sandbox("a").orElseThrow().endpoints().get(0).addresses())
        .containsExactly(IpPrefix.parse("10.213.0.2/24"));
  }

  // ---- reachability ---------------------------------------------------------------------

  @Test
  public void sandboxesOnOneNetworkReachEachOtherAndTheGateway() {
    net.createNetwork(bridge("web", "10.213.0.0/24"));
    net.createSandbox(SandboxSpec.of(net.parseMode("web")).withName("a"));
    net.createSandbox(SandboxSpec.of(net.parseMode("web")).withName("b"));

    assertThat(reaches(net, "a", ip("10.213.0.3"))).as("a reaches b").isTrue();
    assertThat(reaches(net, "b", ip("10.213.0.2"))).as("b reaches a").isTrue();
    assertThat(reaches(net, "a", ip("10.213.0.1"))).as("a reaches the gateway").isTrue();
    assertThat(reaches(net, "a", ip("10.213.0.9"))).as("a reaches no one at .9").isFalse();
  }

  @Test
  public void sandboxesOnDifferentNetworksDoNotReachEachOtherByDefault() {
    net.createNetwork(bridge("front", "10.213.1.0/24"));
    net.createNetwork(bridge("back", "10.213.2.0/24"));
    net.createSandbox(SandboxSpec.of(net.parseMode("front")).withName("a"));
    net.createSandbox(SandboxSpec.of(net.parseMode("back")).withName("b"));

    assertThat(reaches(net, "a", ip("10.213.2.2"))).isFalse();
    assertThat(reaches(net, "b", ip("10.213.1.2"))).isFalse();
  }

  @Test
  public void aSandboxOnBothNetworksReachesEach() {
    net.createNetwork(bridge("front", "10.213.1.0/24"));
    net.createNetwork(bridge("back", "10.213.2.0/24"));
    net.createSandbox(SandboxSpec.of(net.parseMode("front")).withName("a"));
    net.createSandbox(SandboxSpec.of(net.parseMode("back")).withName("b"));
    net.createSandbox(SandboxSpec.of(net.parseMode("front")).withName("both"));
    net.connect("both", net.parseMode("back"));

    assertThat(reaches(net, "both", ip("10.213.1.2"))).isTrue();
    assertThat(reaches(net, "both", ip("10.213.2.2"))).isTrue();
  }

  @Test
  public void aNoneSandboxReachesNothingAndAContainerSandboxWhatItsTargetReaches() {
    net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("a"));
    net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("b"));
    net.createSandbox(SandboxSpec.of(net.parseMode("none")).withName("quiet"));
    net.createSandbox(SandboxSpec.of(net.parseMode("container:a")).withName("side"));

    assertThat(reaches(net, "quiet", ip("172.17.0.3"))).isFalse();
    assertThat(reaches(net, "quiet", ip("172.17.0.1"))).isFalse();
    assertThat(reaches(net, "side", ip("172.17.0.3"))).isTrue();
    assertThat(reaches(net, "side", ip("172.17.0.1"))).isTrue();
  }

  @Test
  public void aSandboxsPortTakesFramesWhenItsAttachReturns() {
    net.createNetwork(bridge("web", "10.213.0.0/24"));
    net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("a"));
    net.createSandbox(SandboxSpec.of(net.parseMode("web")).withName("b"));
    net.connect("a", net.parseMode("web"));

    // No waiting here: the attach has waited for the kernel's deferred work, on the first port
    // of each bridge (whose carrier comes with it) and on a second.
    for (Link port : bridgePorts()) {
      assertThat(kernel().links(host()).awaitPortEnabled(
              port.index(), port.master().getAsInt(), Duration.ZERO))
          .as("port %s of bridge %s", port.name(), port.master().getAsInt())
          .isTrue();
    }
    assertThat(bridgePorts()).hasSize(3);
  }

  @Test
  public void aBridgeSetDownBehindTheEnginesBackStillTakesASandboxThatThenReachesNothing() {
    net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("a"));
    Link nm0 = hostLink("nm0");
    kernel().links(host()).change(nm0.index(), LinkChange.none().withUp(false));

    // The port is never enabled: the attach waits for it in vain, then keeps the endpoint.
    Sandbox b = net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("b"));

    assertThat(b.endpoints()).singleElement()
        .satisfies(e -> assertThat(e.addresses()).containsExactly(IpPrefix.parse("172.17.0.3/16")));
    assertThat(reaches(net, "b", ip("172.17.0.1"))).isFalse();
    kernel().links(host()).change(nm0.index(), LinkChange.setUp());
    for (Link port : bridgePorts()) {
      assertThat(kernel().links(host()).awaitPortEnabled(
              port.index(), nm0.index(), Duration.ofSeconds(5)))
          .as("port %s once the bridge is up again", port.name()).isTrue();
    }
    assertThat(reaches(net, "b", ip("172.17.0.2"))).isTrue();
  }

  // ---- firewall -------------------------------------------------------------------------

  @Test
  public void aSandboxReachesTheOutsideThroughMasquerade() {
    String outside = makeOutside();
    try {
      net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("a"));

      assertThat(reaches(net, "a", ip("198.51.100.1"))).as("a reaches the outside").isTrue();
      assertThat(kernel().sysctls(host()).get("ipv4/ip_forward")).contains("1");
      assertThat(kernel().firewall(host()).networks()).containsExactly("bridge");
    } finally {
      removeOutside(outside);
    }
  }

  @Test
  public void withoutMasqueradeOrOnAnInternalNetworkTheOutsideIsNotReached() {
    String outside = makeOutside();
    try {
      net.createNetwork(
          BridgeNetworkSpec.builder("plain")
              .ipv4(IpamConfig.of(IpPrefix.parse("10.213.1.0/24")))
              .enableIpMasquerade(false)
              .build());
      net.createNetwork(
          BridgeNetworkSpec.builder("inner")
              .ipv4(IpamConfig.of(IpPrefix.parse("10.213.2.0/24")))
              .internal(true)
              .build());
      net.createSandbox(SandboxSpec.of(net.parseMode("plain")).withName("p"));
      net.createSandbox(SandboxSpec.of(net.parseMode("inner")).withName("i"));
      // An internal network gives no default route; add one by hand, so that only the
      // firewall's internal rule stands between i and the outside (forwarding is on).
      try (NamespaceHandle ns = net.openNamespace("i")) {
        Link eth0 = kernel().links(ns).get(InterfaceName.of("eth0")).orElseThrow();
        kernel().routes(ns).add(Route.defaultVia(ip("10.213.2.1"), eth0.index()));
      }

      assertThat(kernel().sysctls(host()).get("ipv4/ip_forward")).contains("1");
      assertThat(reaches(net, "p", ip("198.51.100.1"))).as("no way back without NAT").isFalse();
      assertThat(reaches(net, "i", ip("198.51.100.1"))).as("internal: not routed out").isFalse();
      assertThat(reaches(net, "i", ip("10.213.2.1"))).as("the gateway still answers").isTrue();
    } finally {
      removeOutside(outside);
    }
  }

  @Test
  public void networksAreIsolatedEvenWithForwardingOn() {
    net.createNetwork(bridge("front", "10.213.1.0/24"));
    net.createNetwork(bridge("back", "10.213.2.0/24"));
    net.createSandbox(SandboxSpec.of(net.parseMode("front")).withName("a"));
    net.createSandbox(SandboxSpec.of(net.parseMode("back")).withName("b"));

    assertThat(kernel().sysctls(host()).get("ipv4/ip_forward")).contains("1");
    assertThat(reaches(net, "a", ip("10.213.2.2"))).isFalse();
    assertThat(reaches(net, "b", ip("10.213.1.2"))).isFalse();
    assertThat(reaches(net, "a", ip("10.213.1.1"))).isTrue();
  }

  @Test
  public void iccOffKeepsSiblingsApartButNotFromTheGateway() {
    net.createNetwork(
        BridgeNetworkSpec.builder("quiet")
            .ipv4(IpamConfig.of(IpPrefix.parse("10.213.3.0/24")))
            .enableIcc(false)
            .build());
    net.createSandbox(SandboxSpec.of(net.parseMode("quiet")).withName("a"));
    net.createSandbox(SandboxSpec.of(net.parseMode("quiet")).withName("b"));

    assertThat(reaches(net, "a", ip("10.213.3.3"))).isFalse();
    assertThat(reaches(net, "a", ip("10.213.3.1"))).isTrue();
  }

  @Test
  public void removingANetworkRemovesItsRules() {
    net.createNetwork(bridge("web", "10.213.1.0/24"));
    net.createNetwork(bridge("db", "10.213.2.0/24"));
    assertThat(kernel().firewall(host()).networks()).containsExactly("db", "web");

    net.removeNetwork("web");

    assertThat(kernel().firewall(host()).networks()).containsExactly("db");
    net.removeNetwork("db");
    assertThat(kernel().firewall(host()).networks()).isEmpty();
  }

  // ---- published ports ------------------------------------------------------------------

  @Test
  public void aPublishedPortAnswersFromOutsideTheHostASiblingAndItself() {
    String outside = makeOutside();
    try {
      Bridge published = Bridge.defaultNetwork().withPublish(
          List.of(PortMapping.parse("8080:80"), PortMapping.parse("8080:80/udp")));
      net.createSandbox(SandboxSpec.of(published).withName("a"));
      net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("b"));

      try (NamespaceHandle a = net.openNamespace("a");
          NamespaceHandle b = net.openNamespace("b");
          NamespaceHandle wan = kernel().namespaces().open(outside)) {
        for (Protocol protocol : List.of(Protocol.TCP, Protocol.UDP)) {
          assertThat(answers(wan, ip("198.51.100.2"), 8080, protocol, a, 80))
              .as("outside -> host:8080/%s", protocol).isTrue();
          assertThat(answers(host(), ip("198.51.100.2"), 8080, protocol, a, 80))
              .as("host -> its own address:8080/%s", protocol).isTrue();
          assertThat(answers(host(), ip("127.0.0.1"), 8080, protocol, a, 80))
              .as("host -> 127.0.0.1:8080/%s", protocol).isTrue();
          assertThat(answers(b, ip("198.51.100.2"), 8080, protocol, a, 80))
              .as("sibling -> host:8080/%s (hairpin)", protocol).isTrue();
          assertThat(answers(a, ip("172.17.0.1"), 8080, protocol, a, 80))
              .as("a -> its own published port/%s (hairpin)", protocol).isTrue();
        }
        assertThat(answers(wan, ip("198.51.100.2"), 8081, Protocol.TCP, a, 80))
            .as("an unpublished host port").isFalse();
      }
      assertThat(net.sandbox("a").orElseThrow().endpoints().get(0).ports())
          .containsExactly(PortMapping.parse("8080:80/tcp"), PortMapping.parse("8080:80/udp"));
      assertThat(kernel().firewall(host()).publications()).hasSize(1);
    } finally {
      removeOutside(outside);
    }
  }

  @Test
  public void theOutsideReachesASandboxOnlyThroughItsPublishedPort() {
    String outside = makeOutside();
    try {
      Bridge published =
          Bridge.defaultNetwork().withPublish(List.of(PortMapping.parse("8080:80")));
      net.createSandbox(SandboxSpec.of(published).withName("a"));
      try (NamespaceHandle wan = kernel().namespaces().open(outside);
          NamespaceHandle a = net.openNamespace("a")) {
        // Another machine that routes the sandboxes' subnet through the host.
        Link wan0 = kernel().links(wan).get(InterfaceName.of("wan0")).orElseThrow();
        kernel().routes(wan).add(
            Route.via(IpPrefix.parse("172.17.0.0/16"), ip("198.51.100.2"), wan0.index()));

        assertThat(answers(wan, ip("198.51.100.2"), 8080, Protocol.TCP, a, 80)).isTrue();
        assertThat(answers(wan, ip("172.17.0.2"), 80, Protocol.TCP, a, 80))
            .as("the published port straight at the sandbox's address").isFalse();
        assertThat(answers(wan, ip("172.17.0.2"), 22, Protocol.TCP, a, 22))
            .as("an unpublished port straight at the sandbox's address").isFalse();
        assertThat(answers(host(), ip("172.17.0.2"), 22, Protocol.TCP, a, 22))
            .as("the host itself reaches the sandbox directly").isTrue();
      }
    } finally {
      removeOutside(outside);
    }
  }

  @Test
  public void aSandboxOfAnotherNetworkReachesAPublishedPortThroughTheHost() {
    net.createNetwork(bridge("front", "10.213.1.0/24"));
    net.createNetwork(bridge("back", "10.213.2.0/24"));
    net.createSandbox(SandboxSpec.of(
        Bridge.of("back").withPublish(List.of(PortMapping.parse("5432:5432")))).withName("db"));
    net.createSandbox(SandboxSpec.of(net.parseMode("front")).withName("app"));

    try (NamespaceHandle db = net.openNamespace("db");
        NamespaceHandle app = net.openNamespace("app")) {
      assertThat(answers(app, ip("10.213.1.1"), 5432, Protocol.TCP, db, 5432))
          .as("through the host's address on app's own bridge").isTrue();
      assertThat(answers(app, ip("10.213.2.2"), 5432, Protocol.TCP, db, 5432))
          .as("straight at db: isolated").isFalse();
    }
  }

  @Test
  public void aPortPublishedOnOneHostAddressIsNotReachedOnAnother() {
    String outside = makeOutside();
    try {
      net.createSandbox(SandboxSpec.of(Bridge.defaultNetwork().withPublish(
          List.of(PortMapping.parse("127.0.0.1:8080:80")))).withName("a"));

      try (NamespaceHandle a = net.openNamespace("a");
          NamespaceHandle wan = kernel().namespaces().open(outside)) {
        assertThat(answers(host(), ip("127.0.0.1"), 8080, Protocol.TCP, a, 80)).isTrue();
        assertThat(answers(host(), ip("198.51.100.2"), 8080, Protocol.TCP, a, 80)).isFalse();
        assertThat(answers(wan, ip("198.51.100.2"), 8080, Protocol.TCP, a, 80)).isFalse();
      }
    } finally {
      removeOutside(outside);
    }
  }

  @Test
  public void anEphemeralHostPortIsChosenFromTheKernelsRangeAndReported() {
    hostLoopbackUp();
    net.createSandbox(SandboxSpec.of(Bridge.defaultNetwork().withPublish(
        List.of(PortMapping.parse("80"), PortMapping.parse("127.0.0.1::53/udp")))).withName("a"));

    List<PortMapping> ports = net.sandbox("a").orElseThrow().endpoints().get(0).ports();
    String[] range = kernel().sysctls(host()).get("ipv4/ip_local_port_range").orElseThrow()
        .trim().split("\\s+");
    int low = Integer.parseInt(range[0]);
    int high = Integer.parseInt(range[1]);
    assertThat(ports).hasSize(2);
    assertThat(ports.get(0).hostIp()).isEmpty();
    assertThat(ports.get(0).hostPorts().isSingle()).isTrue();
    assertThat(ports.get(0).hostPorts().first()).isBetween(low, high);
    assertThat(ports.get(0).containerPorts()).isEqualTo(PortRange.of(80));
    assertThat(ports.get(1).hostIp()).contains(ip("127.0.0.1"));
    assertThat(ports.get(1).hostPorts().first()).isBetween(low, high);
    assertThat(ports.get(1).protocol()).isEqualTo(Protocol.UDP);
    try (NamespaceHandle a = net.openNamespace("a")) {
      assertThat(answers(host(), ip("127.0.0.1"), ports.get(1).hostPorts().first(),
          Protocol.UDP, a, 53)).isTrue();
    }
  }

  @Test
  public void eachSandboxPortOfAnEphemeralRangeGetsAHostPortOfItsOwn() {
    hostLoopbackUp();
    net.createSandbox(SandboxSpec.of(Bridge.defaultNetwork().withPublish(
        List.of(PortMapping.parse("127.0.0.1::80-81")))).withName("a"));

    List<PortMapping> ports = net.sandbox("a").orElseThrow().endpoints().get(0).ports();
    assertThat(ports).extracting(PortMapping::containerPorts)
        .containsExactly(PortRange.of(80), PortRange.of(81));
    assertThat(ports.get(0).hostPorts().first()).isNotEqualTo(ports.get(1).hostPorts().first());
    try (NamespaceHandle a = net.openNamespace("a")) {
      assertThat(answers(host(), ip("127.0.0.1"), ports.get(1).hostPorts().first(),
          Protocol.TCP, a, 81)).isTrue();
    }
  }

  @Test
  public void aPortPublishedOnADualStackNetworkAnswersOverIpv6Too() {
    net.createNetwork(
        BridgeNetworkSpec.builder("dual")
            .ipv4(IpamConfig.of(IpPrefix.parse("10.213.4.0/24")))
            .ipv6(IpamConfig.of(IpPrefix.parse("fd00:213:4::/64")))
            .build());
    net.createSandbox(SandboxSpec.of(
        Bridge.of("dual").withPublish(List.of(PortMapping.parse("8080:80")))).withName("a"));
    net.createSandbox(SandboxSpec.of(net.parseMode("dual")).withName("b"));

    try (NamespaceHandle a = net.openNamespace("a");
        NamespaceHandle b = net.openNamespace("b")) {
      assertThat(answers(host(), ip("fd00:213:4::1"), 8080, Protocol.TCP, a, 80))
          .as("host -> [gateway]:8080 over IPv6").isTrue();
      assertThat(answers(b, ip("fd00:213:4::1"), 8080, Protocol.TCP, a, 80))
          .as("sibling -> [gateway]:8080 over IPv6").isTrue();
      assertThat(answers(b, ip("10.213.4.1"), 8080, Protocol.UDP, a, 80))
          .as("tcp only").isFalse();
    }
    assertThat(net.sandbox("a").orElseThrow().endpoints().get(0).ports())
        .containsExactly(PortMapping.parse("8080:80/tcp"));
    assertThat(kernel().sysctls(host()).get("ipv6/conf/all/forwarding")).contains("1");
  }

  @Test
  public void aHostPortPublishedAlreadyIsAConflictAndLeavesNothing() {
    net.createSandbox(SandboxSpec.of(Bridge.defaultNetwork().withPublish(
        List.of(PortMapping.parse("8080:80")))).withName("a"));
    int hostLinks = kernel().links(host()).list().size();

    assertThatThrownBy(() -> net.createSandbox(SandboxSpec.of(Bridge.defaultNetwork()
            .withPublish(List.of(PortMapping.parse("8080:81")))).withName("b")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("8080");
    assertNothingLeft("b", hostLinks);
    // The address b had is free: the next sandbox gets it.
    net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("c"));
    assertThat(net.sandbox("c").orElseThrow().endpoints().get(0).addresses())
        .containsExactly(IpPrefix.parse("172.17.0.3/16"));
    // Another protocol or another address of the same port is not a conflict.
    net.createSandbox(SandboxSpec.of(Bridge.defaultNetwork().withPublish(
        List.of(PortMapping.parse("8080:80/udp")))).withName("d"));
  }

  @Test
  public void aHostRangeGivesTheFirstFreePort() {
    net.createSandbox(SandboxSpec.of(Bridge.defaultNetwork().withPublish(
        List.of(PortMapping.parse("18000:80")))).withName("a"));
    net.createSandbox(SandboxSpec.of(Bridge.defaultNetwork().withPublish(
        List.of(PortMapping.parse("18000-18010:80")))).withName("b"));

    assertThat(net.sandbox("b").orElseThrow().endpoints().get(0).ports())
        .containsExactly(PortMapping.parse("18001:80/tcp"));
  }

  @Test
  public void removingOrDisconnectingASandboxRemovesItsPortsForTheNext() {
    net.createNetwork(bridge("web", "10.213.1.0/24"));
    net.createSandbox(SandboxSpec.of(Bridge.defaultNetwork().withPublish(
        List.of(PortMapping.parse("8080:80")))).withName("a"));
    net.createSandbox(SandboxSpec.of(net.parseMode("none")).withName("n"));
    assertThatThrownBy(() -> net.connect("n", Bridge.of("web").withPublish(
            List.of(PortMapping.parse("8080:80")))))
        .isInstanceOf(ConflictException.class);

    net.removeSandbox("a");
    assertThat(kernel().firewall(host()).publications()).isEmpty();
    net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("n2"));
    net.connect("n2", Bridge.of("web").withPublish(List.of(PortMapping.parse("8080:80"))));
    assertThat(kernel().firewall(host()).publications()).hasSize(1);

    net.disconnect("n2", "web");
    assertThat(kernel().firewall(host()).publications()).isEmpty();
  }

  @Test
  public void aLaterProgramReconcilesPublishedPortsWithTheState() {
    net.createSandbox(SandboxSpec.of(Bridge.defaultNetwork().withPublish(
        List.of(PortMapping.parse("8080:80")))).withName("a"));
    Firewall firewall = kernel().firewall(host());
    String a = firewall.publications().get(0);
    // a's rules lost (flushed by hand), and rules of an endpoint no state knows.
    firewall.unpublish(a);
    String stale = "0000000000000000000000000000000000000000000000000000000000000000/000000000000";
    firewall.publish(new Firewall.PortRules(stale, "bridge", InterfaceName.of("nm0"),
        List.of(new Firewall.PublishedPort(
            Optional.empty(), 9999, ip("172.17.0.99"), 80, Protocol.TCP))));

    Networking later = open();
    later.createSandbox(SandboxSpec.of(Bridge.defaultNetwork().withPublish(
        List.of(PortMapping.parse("8081:80")))).withName("b"));

    assertThat(firewall.publications()).hasSize(2).contains(a).doesNotContain(stale);
  }

  @Test
  public void anInternalNetworkCannotPublishPorts() {
    net.createNetwork(
        BridgeNetworkSpec.builder("inner")
            .ipv4(IpamConfig.of(IpPrefix.parse("10.213.2.0/24")))
            .internal(true)
            .build());

    assertThatThrownBy(() -> net.createSandbox(SandboxSpec.of(
            Bridge.of("inner").withPublish(List.of(PortMapping.parse("8080:80")))).withName("a")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("internal");
    assertThat(net.sandboxes()).extracting(Sandbox::name).doesNotContain("a");
  }

  /**
   * An "outside" namespace, another machine: a veth from the host, 198.51.100.2/24 on the
   * host's end and 198.51.100.1/24 on the outside's, and no route back to any sandbox subnet.
   */
  private String makeOutside() {
    String name = "nmc-wan-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
    hostLoopbackUp();
    try (NamespaceHandle outside = kernel().namespaces().create(name)) {
      NamespaceHandle host = host();
      kernel().links(host).add(new io.netmodel.core.kernel.LinkSpec.Veth(
          InterfaceName.of("uplink0"), io.netmodel.core.kernel.LinkOptions.none(),
          InterfaceName.of("wan0"), outside, io.netmodel.core.kernel.LinkOptions.none()));
      Link uplink = hostLink("uplink0");
      kernel().addresses(host).add(AddressEntry.of(uplink.index(), IpPrefix.parse("198.51.100.2/24")));
      kernel().links(host).change(uplink.index(), LinkChange.setUp());
      Link wan = kernel().links(outside).get(InterfaceName.of("wan0")).orElseThrow();
      kernel().addresses(outside).add(AddressEntry.of(wan.index(), IpPrefix.parse("198.51.100.1/24")));
      kernel().links(outside).change(wan.index(), LinkChange.setUp());
      Link lo = kernel().links(outside).get(InterfaceName.of("lo")).orElseThrow();
      kernel().links(outside).change(lo.index(), LinkChange.setUp());
      awaitTransmitting(host, uplink);
      awaitTransmitting(outside, wan);
    }
    return name;
  }

  /** Sets the host's {@code lo} up, as it is on a real machine, for 127.0.0.1. */
  private void hostLoopbackUp() {
    Link lo = hostLink("lo");
    if (!lo.up()) {
      kernel().links(host()).change(lo.index(), LinkChange.setUp());
    }
  }

  private void removeOutside(String name) {
    kernel().namespaces().delete(name);
  }

  // ---- helpers --------------------------------------------------------------------------

  private void assertNothingLeft(String sandbox, int hostLinks) {
    // By name: sandbox(String) also takes an id prefix, and "b" may well begin another's id.
    assertThat(net.sandboxes()).extracting(Sandbox::name).doesNotContain(sandbox);
    assertThat(kernel().namespaces().list()).doesNotContain(sandbox);
    assertThat(kernel().links(host()).list()).hasSize(hostLinks);
  }

  private static BridgeNetworkSpec bridge(String name, String subnet) {
    return BridgeNetworkSpec.builder(name).ipv4(IpamConfig.of(IpPrefix.parse(subnet))).build();
  }

  private NamespaceHandle host() {
    return kernel().namespaces().host();
  }

  private Link hostLink(String name) {
    return kernel().links(host()).get(InterfaceName.of(name)).orElseThrow(
        () -> new AssertionError("no device " + name + " in the host namespace"));
  }

  /** The host's links that are a bridge's ports. */
  private List<Link> bridgePorts() {
    return kernel().links(host()).list().stream().filter(l -> l.master().isPresent()).toList();
  }

  private List<IpPrefix> hostAddresses(Link link) {
    return kernel().addresses(host()).list(link.index()).stream().map(AddressEntry::prefix).toList();
  }

  private List<Route> defaultRoutes(NamespaceHandle ns) {
    return kernel().routes(ns).list().stream()
        .filter(r -> r.destination().equals(ANY4) || r.destination().equals(ANY6))
        .toList();
  }

  private static InetAddress ip(String text) {
    return IpAddresses.parse(text);
  }
}
