package io.netmodel.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netmodel.api.ConflictException;
import io.netmodel.api.Endpoint;
import io.netmodel.api.Networking;
import io.netmodel.api.NotFoundException;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.EndpointOptions;
import io.netmodel.api.mode.Ipvlan;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.MacAddress;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.api.network.IpvlanMode;
import io.netmodel.api.network.IpvlanNetworkSpec;
import io.netmodel.api.network.MacvlanNetworkSpec;
import io.netmodel.api.network.NetworkSpec;
import io.netmodel.api.network.ParentInterface;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.KernelFeature;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkKind;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Route;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Networking} must do for macvlan and ipvlan networks. The "physical"
 * network is a veth: its near end {@code phys0} in the host namespace is the parent, its far
 * end sits in an "outside" namespace with 10.213.9.1/24 (the gateway) and plays the rest of
 * the LAN. Cases needing a driver the kernel lacks (ipvlan, 8021q, dummy) are skipped, naming
 * it; the error for a missing driver is checked on a kernel that lacks it.
 */
public abstract class MacvlanContract {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final IpPrefix LAN = IpPrefix.parse("10.213.9.0/24");

  @TempDir Path stateDirectory;

  private final List<Networking> opened = new ArrayList<>();
  private Networking net;
  private String outsideName;
  private NamespaceHandle outside;

  /** For subclasses, which make the backend under test. */
  protected MacvlanContract() {}

  /** A Networking over a fresh host (the same host within one test). */
  protected abstract Networking newNetworking(Path stateDirectory);

  /** A kernel port that sees the host and the namespaces of the Networkings made. */
  protected abstract Kernel kernel();

  /** Whether a packet from {@code sandbox} reaches {@code address} and the reply comes back. */
  protected abstract boolean reaches(Networking net, String sandbox, InetAddress address);

  /**
   * A Networking over a kernel that lacks {@code feature}, when the backend can make one;
   * empty if it cannot (a real kernel has what it has).
   */
  protected Optional<Networking> newNetworkingLacking(Path stateDirectory, KernelFeature feature) {
    return Optional.empty();
  }

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
    net = newNetworking(stateDirectory);
    opened.add(net);
    outsideName = "nmc-out-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    outside = kernel().namespaces().create(outsideName);
    NamespaceHandle host = kernel().namespaces().host();
    kernel().links(host).add(new LinkSpec.Veth(
        InterfaceName.of("phys0"), LinkOptions.none(), InterfaceName.of("wire0"), outside,
        LinkOptions.none()));
    Link phys0 = kernel().links(host).get(InterfaceName.of("phys0")).orElseThrow();
    kernel().links(host).change(phys0.index(), LinkChange.setUp());
    Link wire0 = kernel().links(outside).get(InterfaceName.of("wire0")).orElseThrow();
    kernel().addresses(outside).add(AddressEntry.of(wire0.index(), IpPrefix.parse("10.213.9.1/24")));
    kernel().links(outside).change(wire0.index(), LinkChange.setUp());
    Link lo = kernel().links(outside).get(InterfaceName.of("lo")).orElseThrow();
    kernel().links(outside).change(lo.index(), LinkChange.setUp());
    awaitTransmitting(host, phys0);
    awaitTransmitting(outside, wire0);
  }

  @AfterEach
  final void closeNetworking() {
    try {
      for (Networking n : opened) {
        n.sandboxes().forEach(s -> n.removeSandbox(s.name()));
        n.networks().stream()
            .filter(i -> !i.name().equals("bridge"))
            .forEach(i -> n.removeNetwork(i.name()));
      }
    } finally {
      opened.forEach(Networking::close);
      if (outside != null) {
        outside.close();
        kernel().namespaces().delete(outsideName);
      }
      kernel().links(kernel().namespaces().host()).get(InterfaceName.of("phys0"))
          .ifPresent(l -> kernel().links(kernel().namespaces().host()).delete(l.index()));
      afterNetworkingClosed();
    }
  }

  // ---- macvlan --------------------------------------------------------------------------

  @Test
  public void aMacvlanSandboxSitsOnTheParentWithAMacOfItsOwn() {
    net.createNetwork(macvlan("lan"));

    Sandbox a = net.createSandbox(SandboxSpec.of(net.parseMode("lan")).withName("a"));

    Endpoint eth0 = a.endpoints().get(0);
    assertThat(eth0.interfaceName()).isEqualTo(InterfaceName.of("eth0"));
    assertThat(eth0.addresses()).containsExactly(IpPrefix.parse("10.213.9.2/24"));
    assertThat(eth0.macAddress().isLocallyAdministered()).isTrue();
    Link phys0 = kernel().links(kernel().namespaces().host()).get(InterfaceName.of("phys0")).orElseThrow();
    try (NamespaceHandle ns = net.openNamespace("a")) {
      Link inside = kernel().links(ns).get(InterfaceName.of("eth0")).orElseThrow();
      assertThat(inside.is(LinkKind.MACVLAN)).isTrue();
      assertThat(inside.up()).isTrue();
      assertThat(inside.macAddress()).contains(eth0.macAddress()).isNotEqualTo(phys0.macAddress());
      assertThat(kernel().sysctls(ns).get("ipv6/conf/eth0/disable_ipv6")).contains("1");
      assertThat(defaultRoutes(ns))
          .singleElement()
          .satisfies(r -> assertThat(r.gateway()).contains(ip("10.213.9.1")));
      assertThat(kernel().links(ns).get(InterfaceName.of("lo")).orElseThrow().up()).isTrue();
    }
  }

  @Test
  public void macvlanSandboxesReachEachOtherAndTheOutsideButNotTheHostThroughTheParent() {
    net.createNetwork(macvlan("lan"));
    net.createSandbox(SandboxSpec.of(net.parseMode("lan")).withName("a"));
    net.createSandbox(SandboxSpec.of(net.parseMode("lan")).withName("b"));
    NamespaceHandle host = kernel().namespaces().host();
    Link phys0 = kernel().links(host).get(InterfaceName.of("phys0")).orElseThrow();
    kernel().addresses(host).add(AddressEntry.of(phys0.index(), IpPrefix.parse("10.213.9.254/24")));

    assertThat(reaches(net, "a", ip("10.213.9.3"))).as("a reaches b").isTrue();
    assertThat(reaches(net, "a", ip("10.213.9.1"))).as("a reaches the outside").isTrue();
    assertThat(reaches(net, "a", ip("10.213.9.254")))
        .as("a does not reach the host's address on the parent (macvlan's restriction)")
        .isFalse();
  }

  @Test
  public void disconnectDeletesTheDeviceAndReleasesTheAddress() {
    net.createNetwork(macvlan("lan"));
    net.createSandbox(SandboxSpec.of(net.parseMode("none")).withName("a"));
    net.connect("a", net.parseMode("lan"));

    assertThat(net.disconnect("a", "lan")).isTrue();

    try (NamespaceHandle ns = net.openNamespace("a")) {
      assertThat(kernel().links(ns).list()).extracting(Link::name).containsExactly("lo");
    }
    Sandbox b = net.createSandbox(SandboxSpec.of(net.parseMode("lan")).withName("b"));
    assertThat(b.endpoints().get(0).addresses()).containsExactly(IpPrefix.parse("10.213.9.2/24"));
  }

  @Test
  public void aFailedAttachLeavesNothing() {
    net.createNetwork(macvlan("lan"));
    net.createSandbox(SandboxSpec.of(net.parseMode("none")).withName("a"));
    EndpointOptions asLo = EndpointOptions.defaults().withInterfaceName(InterfaceName.of("lo"));

    assertThatThrownBy(
            () -> net.connect("a", io.netmodel.api.mode.Macvlan.of("lan").withOptions(asLo)))
        .isInstanceOf(io.netmodel.api.KernelException.class);

    assertThat(net.sandbox("a").orElseThrow().endpoints()).isEmpty();
    Sandbox b = net.createSandbox(SandboxSpec.of(net.parseMode("lan")).withName("b"));
    assertThat(b.endpoints().get(0).addresses()).containsExactly(IpPrefix.parse("10.213.9.2/24"));
  }

  @Test
  public void aMissingParentIsNotFoundWhenTheNetworkIsCreated() {
    assertThatThrownBy(
            () -> net.createNetwork(MacvlanNetworkSpec.of("lan", ParentInterface.parse("nosuch0"))))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("nosuch0");
    assertThat(net.network("lan")).isEmpty();
  }

  @Test
  public void twoNetworksWithOverlappingSubnetsOnOneParentAreAConflict() {
    net.createNetwork(macvlan("lan"));

    assertThatThrownBy(
            () -> net.createNetwork(
                MacvlanNetworkSpec.of("lan2", ParentInterface.parse("phys0"))
                    .withIpv4(IpamConfig.of(IpPrefix.parse("10.213.9.128/25")))))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("lan");
  }

  @Test
  public void aVlanParentIsCreatedWithTheNetworkAndGoesWithIt() {
    requireFeature(KernelFeature.VLAN);
    net.createNetwork(
        MacvlanNetworkSpec.of("tagged", ParentInterface.parse("phys0.10"))
            .withIpv4(IpamConfig.of(IpPrefix.parse("10.213.10.0/24"))));
    NamespaceHandle host = kernel().namespaces().host();

    assertThat(kernel().links(host).get(InterfaceName.of("phys0.10")))
        .hasValueSatisfying(l -> assertThat(l.is(LinkKind.VLAN)).isTrue());
    net.removeNetwork("tagged");
    assertThat(kernel().links(host).get(InterfaceName.of("phys0.10"))).isEmpty();
  }

  @Test
  public void withoutAParentADummyIsMadeAndTheNetworkIsInternal() {
    requireFeature(KernelFeature.DUMMY);
    net.createNetwork(
        new MacvlanNetworkSpec("alone", Optional.empty(), io.netmodel.api.network.MacvlanMode.BRIDGE,
            Optional.of(IpamConfig.of(IpPrefix.parse("10.213.11.0/24"))), Optional.empty(),
            java.util.OptionalInt.empty(), false));

    Sandbox a = net.createSandbox(SandboxSpec.of(net.parseMode("alone")).withName("a"));

    assertThat(net.network("alone").orElseThrow().spec().internal()).isTrue();
    assertThat(a.endpoints().get(0).routes()).isEmpty();
  }

  // ---- ipvlan ---------------------------------------------------------------------------

  @Test
  public void anIpvlanL2SandboxSharesTheParentsMac() {
    requireFeature(KernelFeature.IPVLAN);
    net.createNetwork(ipvlan("ipl2", IpvlanMode.L2));
    net.createSandbox(SandboxSpec.of(net.parseMode("ipl2")).withName("a"));
    net.createSandbox(SandboxSpec.of(net.parseMode("ipl2")).withName("b"));
    Link phys0 = kernel().links(kernel().namespaces().host()).get(InterfaceName.of("phys0")).orElseThrow();

    Endpoint eth0 = net.sandbox("a").orElseThrow().endpoints().get(0);
    assertThat(Optional.of(eth0.macAddress())).isEqualTo(phys0.macAddress());
    assertThat(eth0.routes()).extracting(r -> r.gateway()).containsExactly(Optional.of(ip("10.213.9.1")));
    assertThat(reaches(net, "a", ip("10.213.9.3"))).isTrue();
    assertThat(reaches(net, "a", ip("10.213.9.1"))).isTrue();
    assertThatThrownBy(
            () -> net.createSandbox(SandboxSpec.of(Ipvlan.of("ipl2").withOptions(
                EndpointOptions.defaults().withMacAddress(MacAddress.parse("02:00:00:00:00:09"))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ipvlan");
  }

  @Test
  public void anIpvlanL3DefaultRouteIsADeviceRouteWithoutGateway() {
    requireFeature(KernelFeature.IPVLAN);
    net.createNetwork(ipvlan("ipl3", IpvlanMode.L3));

    Sandbox a = net.createSandbox(SandboxSpec.of(net.parseMode("ipl3")).withName("a"));

    assertThat(a.endpoints().get(0).routes())
        .singleElement()
        .satisfies(r -> assertThat(r.gateway()).isEmpty());
    try (NamespaceHandle ns = net.openNamespace("a")) {
      assertThat(defaultRoutes(ns))
          .singleElement()
          .satisfies(r -> assertThat(r.gateway()).isEmpty());
    }
  }

  // ---- missing drivers ------------------------------------------------------------------

  @Test
  public void aNetworkNeedingADriverTheKernelLacksIsRefusedWhenCreatedNamingIt() {
    KernelFeature lacking = KernelFeature.IPVLAN;
    Networking lackingNet;
    if (!kernel().features().contains(lacking)) {
      lackingNet = net;
    } else {
      Optional<Networking> made = newNetworkingLacking(stateDirectory.resolve("lacking"), lacking);
      assumeThat(made).as("a kernel without ipvlan to try").isPresent();
      lackingNet = made.get();
      opened.add(lackingNet);
    }

    assertThatThrownBy(() -> lackingNet.createNetwork(ipvlan("ipl2", IpvlanMode.L2)))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("ipvlan")
        .hasMessageContaining("ipl2");
    assertThat(lackingNet.network("ipl2")).isEmpty();
  }

  // ---- helpers --------------------------------------------------------------------------

  private void requireFeature(KernelFeature feature) {
    assumeThat(kernel().features())
        .as("this kernel has no %s driver", feature.kernelName())
        .contains(feature);
  }

  private static NetworkSpec macvlan(String name) {
    return MacvlanNetworkSpec.of(name, ParentInterface.parse("phys0"))
        .withIpv4(IpamConfig.of(LAN, ip("10.213.9.1")));
  }

  private static NetworkSpec ipvlan(String name, IpvlanMode mode) {
    return IpvlanNetworkSpec.of(name, ParentInterface.parse("phys0"))
        .withMode(mode)
        .withIpv4(IpamConfig.of(LAN, ip("10.213.9.1")));
  }

  private List<Route> defaultRoutes(NamespaceHandle ns) {
    return kernel().routes(ns).list().stream().filter(Route::isDefault).toList();
  }

  private static InetAddress ip(String text) {
    return IpAddresses.parse(text);
  }
}
