package io.netmodel.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netmodel.api.ConflictException;
import io.netmodel.api.KernelException;
import io.netmodel.api.NotFoundException;
import io.netmodel.api.PermissionDeniedException;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.MacAddress;
import io.netmodel.api.net.PortRange;
import io.netmodel.api.net.Protocol;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Configuration;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.KernelFeature;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkKind;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Links;
import io.netmodel.core.kernel.Ports;
import io.netmodel.core.kernel.Route;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every kernel port must do, as the Linux kernel does it: namespaces, links, addresses,
 * routes and sysctls, and the errno of each refusal. A port's test extends this class and
 * makes the port in {@link #newKernel()}; the suite works in namespaces it creates (deleted
 * after each test), so the port's host namespace is not changed.
 *
 * <pre>{@code
 * class FakeKernelContractTest extends KernelContract {
 *   protected Kernel newKernel() { return FakeKernel.create(); }
 * }
 * }</pre>
 */
public abstract class KernelContract {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private Kernel kernel;
  private final List<String> created = new ArrayList<>();
  private final List<NamespaceHandle> handles = new ArrayList<>();
  private final List<Ports.HeldPort> heldPorts = new ArrayList<>();

  /** For subclasses, which make the backend under test. */
  protected KernelContract() {}

  /** A new port; the suite closes it after each test. */
  protected abstract Kernel newKernel();

  /**
   * A port of the same kind whose kernel lacks {@code feature}, for the one test of what a
   * missing driver does, when the port under test has every driver; empty where the port
   * cannot be made to lack one (a real kernel has what it has). The suite closes it.
   */
  protected Optional<Kernel> newKernelLacking(KernelFeature feature) {
    return Optional.empty();
  }

  /** Called after each test once the port is closed, to release what {@link #newKernel} made. */
  protected void afterKernelClosed() {}

  @BeforeEach
  final void openKernel() {
    kernel = newKernel();
  }

  @AfterEach
  final void closeKernel() {
    try {
      heldPorts.forEach(Ports.HeldPort::close);
      handles.forEach(NamespaceHandle::close);
      if (kernel != null) {
        for (String name : created) {
          kernel.namespaces().delete(name);
        }
        kernel.close();
      }
    } finally {
      afterKernelClosed();
    }
  }

  /** The port under test. */
  protected final Kernel kernel() {
    return kernel;
  }

  /** A new namespace with a unique name, deleted after the test. */
  protected final NamespaceHandle newNamespace() {
    String name = newName();
    NamespaceHandle ns = kernel.namespaces().create(name);
    handles.add(ns);
    return ns;
  }

  private String newName() {
    String name = "nmc-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    created.add(name);
    return name;
  }

  // ---- namespaces ------------------------------------------------------------------------

  @Test
  public void newNamespaceHasOnlyLoopbackDownWithoutAddressesOrRoutes() {
    NamespaceHandle ns = newNamespace();

    List<Link> links = kernel.links(ns).list();

    assertThat(links).hasSize(1);
    Link lo = links.get(0);
    assertThat(lo.index()).isEqualTo(1);
    assertThat(lo.name()).isEqualTo("lo");
    assertThat(lo.kind()).isEmpty();
    assertThat(lo.up()).isFalse();
    assertThat(lo.mtu()).isEqualTo(65536);
    assertThat(kernel.addresses(ns).list()).isEmpty();
    assertThat(kernel.routes(ns).list()).isEmpty();
  }

  @Test
  public void configureAppliesEveryStepInOrderAndThrowsTheFirstRefusalAfterwards() {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    Link va = kernel.links(ns).add(veth("va", "vb", ns));
    int vb = kernel.links(ns).get(name("vb")).orElseThrow().index();

    assertKernelError(
        () ->
            kernel.configure(
                ns,
                List.of(
                    Configuration.address(AddressEntry.of(va.index(), prefix("10.61.0.2/24"))),
                    Configuration.link(va.index(), LinkChange.setUp()),
                    Configuration.link(vb, LinkChange.setUp()),
                    Configuration.address(AddressEntry.of(999, prefix("10.63.0.2/24"))),
                    Configuration.route(route("10.62.0.0/24", "10.61.0.1")))),
        "RTM_NEWADDR",
        "ENODEV");

    // The refused step stopped nothing: the route after it is there.
    assertThat(kernel.links(ns).get(va.index())).map(Link::up).contains(true);
    assertThat(kernel.addresses(ns).list(va.index()))
        .extracting(AddressEntry::prefix)
        .contains(prefix("10.61.0.2/24"));
    assertThat(kernel.routes(ns).list())
        .extracting(Route::destination)
        .contains(prefix("10.62.0.0/24"));
    kernel.configure(ns, List.of());
  }

  @Test
  public void loopbackUpGetsLoopbackAddressesAndNoMainRoutes() {
    NamespaceHandle ns = newNamespace();

    kernel.links(ns).change(1, LinkChange.setUp());

    assertThat(kernel.links(ns).get(1)).map(Link::up).contains(true);
    assertThat(kernel.addresses(ns).list(1))
        .extracting(AddressEntry::prefix)
        .containsExactlyInAnyOrder(prefix("127.0.0.1/8"), prefix("::1/128"));
    assertThat(kernel.routes(ns).list()).isEmpty();
  }

  @Test
  public void creatingATakenNamespaceNameIsAConflict() {
    NamespaceHandle ns = newNamespace();
    String name = ns.name().orElseThrow();

    assertThatThrownBy(() -> kernel.namespaces().create(name))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(name);
  }

  @Test
  public void namespacesAreOpenedByNameAndPathWithOneIdentity() {
    NamespaceHandle ns = newNamespace();
    String name = ns.name().orElseThrow();

    try (NamespaceHandle byName = kernel.namespaces().open(name);
        NamespaceHandle byPath =
            kernel.namespaces().openPath(kernel.namespaces().directory().resolve(name))) {
      assertThat(byName.id()).isEqualTo(ns.id());
      assertThat(byPath.id()).isEqualTo(ns.id());
      assertThat(byName).isEqualTo(ns).hasSameHashCodeAs(ns);
      assertThat(byName.name()).contains(name);
    }
    assertThat(ns.id()).isNotEqualTo(kernel.namespaces().host().id());
    assertThat(kernel.namespaces().list()).contains(name);
  }

  @Test
  public void openingAMissingNamespaceIsNotFound() {
    String name = newName();

    assertThatThrownBy(() -> kernel.namespaces().open(name))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(name);
  }

  @Test
  public void deletingANamespaceRemovesItsNameOnce() {
    NamespaceHandle ns = newNamespace();
    String name = ns.name().orElseThrow();
    ns.close();

    assertThat(kernel.namespaces().delete(name)).isTrue();
    assertThat(kernel.namespaces().delete(name)).isFalse();
    assertThat(kernel.namespaces().list()).doesNotContain(name);
  }

  @Test
  public void callReturnsTheTaskResultAndRethrowsItsException() throws Exception {
    NamespaceHandle ns = newNamespace();

    assertThat(ns.call(() -> 42)).isEqualTo(42);
    IllegalStateException thrown = new IllegalStateException("from the task");
    assertThatThrownBy(() -> ns.call(() -> {
      throw thrown;
    })).isSameAs(thrown);
  }

  // ---- links -----------------------------------------------------------------------------

  @Test
  public void aTakenLinkNameIsEexist() {
    requireFeature(KernelFeature.BRIDGE);
    NamespaceHandle ns = newNamespace();
    kernel.links(ns).add(bridge("br0"));

    assertKernelError(() -> kernel.links(ns).add(bridge("br0")), "RTM_NEWLINK", "EEXIST")
        .hasMessageContaining("br0")
        .hasMessageContaining("File exists");
  }

  @Test
  public void aVethPeerNameTakenInItsNamespaceIsEexistAndLeavesNothing() {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    NamespaceHandle other = newNamespace();
    kernel.links(other).add(veth("x0", "eth0", other));

    assertKernelError(() -> kernel.links(ns).add(veth("v0", "eth0", other)), "RTM_NEWLINK", "EEXIST");
    assertThat(kernel.links(ns).get(name("v0"))).isEmpty();
  }

  @Test
  public void aVethPairSpansNamespacesAndEachEndNamesTheOther() {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    NamespaceHandle other = newNamespace();

    Link near = kernel.links(ns).add(veth("v0", "eth0", other));

    Link far = kernel.links(other).get(name("eth0")).orElseThrow();
    assertThat(near.name()).isEqualTo("v0");
    assertThat(near.kind()).contains("veth");
    assertThat(far.kind()).contains("veth");
    assertThat(near.link()).hasValue(far.index());
    assertThat(far.link()).hasValue(near.index());
    assertThat(near.mtu()).isEqualTo(1500);
    assertThat(near.up()).isFalse();
    assertThat(near.macAddress()).isPresent();
    assertThat(near.macAddress().orElseThrow().isLocallyAdministered()).isTrue();
    assertThat(kernel.links(ns).get(name("eth0"))).isEmpty();
  }

  @Test
  public void aLinkCreatedUpIsUpAtOnceOnItsBridgeButAVethPeerCannotBe() {
    requireFeature(KernelFeature.VETH);
    requireFeature(KernelFeature.BRIDGE);
    NamespaceHandle ns = newNamespace();
    NamespaceHandle other = newNamespace();
    Link bridge =
        kernel.links(ns).add(new LinkSpec.Bridge(name("br0"), LinkOptions.none().withUp()));

    Link near =
        kernel
            .links(ns)
            .add(
                new LinkSpec.Veth(
                    name("v0"), LinkOptions.none().withMaster(bridge.index()).withUp(),
                    name("eth0"), other, LinkOptions.none()));

    assertThat(bridge.up()).isTrue();
    assertThat(near.up()).isTrue();
    assertThat(near.master()).hasValue(bridge.index());
    assertThat(kernel.links(ns).get(name("v0")).orElseThrow().up()).isTrue();
    assertThat(kernel.links(other).get(name("eth0")).orElseThrow().up()).isFalse();
    // The peer is configured before the pair is joined: up there, it has no peer yet.
    assertKernelError(
        () ->
            kernel
                .links(ns)
                .add(
                    new LinkSpec.Veth(
                        name("v1"), LinkOptions.none(), name("eth1"), other,
                        LinkOptions.none().withUp())),
        "RTM_NEWLINK",
        "ENOTCONN");
    assertThat(kernel.links(ns).get(name("v1"))).isEmpty();
    assertThat(kernel.links(other).get(name("eth1"))).isEmpty();
  }

  @Test
  public void aLinkWithoutIpv6AddressesMakesNoneWhenUpWhileItsPeerDoes() throws Exception {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();

    Link quiet =
        kernel
            .links(ns)
            .add(
                new LinkSpec.Veth(
                    name("va"), LinkOptions.none().withoutIpv6Addresses().withUp(), name("vb"),
                    ns, LinkOptions.none()));
    int vb = kernel.links(ns).get(name("vb")).orElseThrow().index();
    kernel.links(ns).change(vb, LinkChange.setUp());

    assertThat(quiet.up()).isTrue();
    awaitTrue(
        () ->
            kernel.addresses(ns).list(vb).stream()
                .anyMatch(a -> a.prefix().address().isLinkLocalAddress()));
    assertThat(kernel.addresses(ns).list(quiet.index())).isEmpty();
    assertThatThrownBy(
            () ->
                new LinkSpec.Veth(
                    name("vc"), LinkOptions.none(), name("vd"), ns,
                    LinkOptions.none().withoutIpv6Addresses()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vd");
  }

  @Test
  public void newLinksGetIndexesAfterLoopbackThePeerFirst() {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();

    Link near = kernel.links(ns).add(veth("va", "vb", ns));

    assertThat(kernel.links(ns).get(name("vb")).orElseThrow().index()).isEqualTo(2);
    assertThat(near.index()).isEqualTo(3);
  }

  @Test
  public void deletingOneVethEndDeletesBoth() {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    NamespaceHandle other = newNamespace();
    kernel.links(ns).add(veth("v0", "eth0", other));
    int far = kernel.links(other).get(name("eth0")).orElseThrow().index();

    assertThat(kernel.links(other).delete(far)).isTrue();

    assertThat(kernel.links(ns).get(name("v0"))).isEmpty();
    assertThat(kernel.links(other).get(name("eth0"))).isEmpty();
    assertThat(kernel.links(other).delete(far)).isFalse();
  }

  @Test
  public void deletingANamespaceDeletesTheVethPeersOfItsLinks() throws Exception {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    NamespaceHandle doomed = newNamespace();
    kernel.links(ns).add(veth("v0", "eth0", doomed));
    String name = doomed.name().orElseThrow();
    doomed.close();

    kernel.namespaces().delete(name);

    awaitTrue(() -> kernel.links(ns).get(name("v0")).isEmpty());
  }

  @Test
  public void changingAMissingLinkIsEnodev() {
    NamespaceHandle ns = newNamespace();

    assertKernelError(() -> kernel.links(ns).change(4242, LinkChange.setUp()), "RTM_NEWLINK", "ENODEV");
  }

  @Test
  public void deletingAMissingLinkReturnsFalse() {
    NamespaceHandle ns = newNamespace();

    assertThat(kernel.links(ns).delete(4242)).isFalse();
  }

  @Test
  public void loopbackCannotBeDeleted() {
    NamespaceHandle ns = newNamespace();

    assertKernelError(() -> kernel.links(ns).delete(1), "RTM_DELLINK", "EOPNOTSUPP");
  }

  @Test
  public void aPortIsEnslavedToABridgeAndReleased() {
    requireFeature(KernelFeature.BRIDGE);
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    Link br = kernel.links(ns).add(bridge("br0"));

    Link port =
        kernel.links(ns).add(new LinkSpec.Veth(
            name("v0"), LinkOptions.none().withMaster(br.index()), name("v1"), ns,
            LinkOptions.none()));
    assertThat(port.master()).hasValue(br.index());

    kernel.links(ns).change(port.index(), LinkChange.none().withoutMaster());
    assertThat(kernel.links(ns).get(port.index()).orElseThrow().master()).isEmpty();
  }

  @Test
  public void aMasterThatIsNotABridgeIsEopnotsupp() {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    Link v0 = kernel.links(ns).add(veth("v0", "v1", ns));
    int v1 = kernel.links(ns).get(name("v1")).orElseThrow().index();

    assertKernelError(
        () -> kernel.links(ns).change(v0.index(), LinkChange.none().withMaster(v1)),
        "RTM_NEWLINK", "EOPNOTSUPP");
  }

  @Test
  public void aMissingMasterIsEinvalAndLeavesNothing() {
    requireFeature(KernelFeature.BRIDGE);
    NamespaceHandle ns = newNamespace();

    assertKernelError(
        () -> kernel.links(ns).add(
            new LinkSpec.Bridge(name("br1"), LinkOptions.none().withMaster(4242))),
        "RTM_NEWLINK", "EINVAL");
    assertThat(kernel.links(ns).get(name("br1"))).isEmpty();
  }

  @Test
  public void deletingABridgeReleasesItsPorts() {
    requireFeature(KernelFeature.BRIDGE);
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    Link br = kernel.links(ns).add(bridge("br0"));
    Link port = kernel.links(ns).add(veth("v0", "v1", ns));
    kernel.links(ns).change(port.index(), LinkChange.none().withMaster(br.index()));

    assertThat(kernel.links(ns).delete(br.index())).isTrue();

    assertThat(kernel.links(ns).get(port.index()).orElseThrow().master()).isEmpty();
  }

  @Test
  public void aBridgeWithoutASetMtuFollowsItsPorts() {
    requireFeature(KernelFeature.BRIDGE);
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    Link br = kernel.links(ns).add(bridge("br0"));

    kernel.links(ns).add(new LinkSpec.Veth(
        name("v0"), LinkOptions.none().withMtu(9000).withMaster(br.index()), name("v1"), ns,
        LinkOptions.none()));

    assertThat(kernel.links(ns).get(br.index()).orElseThrow().mtu()).isEqualTo(9000);
  }

  @Test
  public void aBridgeTakesAtMost1023PortsThenExfull() {
    requireFeature(KernelFeature.BRIDGE);
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    Links links = kernel.links(ns);
    Link br = links.add(bridge("br0"));
    LinkOptions onBridge = LinkOptions.none().withMaster(br.index());
    for (int i = 1; i <= 1023; i++) {
      links.add(new LinkSpec.Veth(name("p" + i), onBridge, name("q" + i), ns, LinkOptions.none()));
    }

    assertKernelError(
        () -> links.add(new LinkSpec.Veth(name("p1024"), onBridge, name("q1024"), ns,
            LinkOptions.none())),
        "RTM_NEWLINK", "EXFULL");
    assertThat(links.get(name("p1024"))).isEmpty();
  }

  @Test
  public void aBridgePortIsEnabledOnceItsVethPeerIsUpAndNotBefore() {
    requireFeature(KernelFeature.BRIDGE);
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    NamespaceHandle other = newNamespace();
    Links links = kernel.links(ns);
    Link br = links.add(new LinkSpec.Bridge(name("br0"), LinkOptions.none().withUp()));
    Link port =
        links.add(new LinkSpec.Veth(
            name("v0"), LinkOptions.none().withMaster(br.index()).withUp(), name("eth0"), other,
            LinkOptions.none()));

    assertThat(links.awaitPortEnabled(port.index(), br.index(), Duration.ofMillis(20)))
        .as("its peer down: no carrier").isFalse();

    int eth0 = kernel.links(other).get(name("eth0")).orElseThrow().index();
    kernel.links(other).change(eth0, LinkChange.setUp());

    assertThat(links.awaitPortEnabled(port.index(), br.index(), Duration.ofSeconds(5))).isTrue();
    assertThat(links.awaitPortEnabled(port.index(), br.index(), Duration.ZERO))
        .as("and it stays so").isTrue();
  }

  @Test
  public void aPortOfABridgeThatIsDownIsNotEnabled() {
    requireFeature(KernelFeature.BRIDGE);
    NamespaceHandle ns = newNamespace();
    Links links = kernel.links(ns);
    Link br = links.add(bridge("br0"));
    int port = upVethPair(ns);
    links.change(port, LinkChange.none().withMaster(br.index()));

    assertThat(links.awaitPortEnabled(port, br.index(), Duration.ofMillis(20))).isFalse();

    links.change(br.index(), LinkChange.setUp());

    assertThat(links.awaitPortEnabled(port, br.index(), Duration.ofSeconds(5))).isTrue();
  }

  @Test
  public void awaitingALinkThatIsNoPortOfTheBridgeIsRefusedAndAMissingOneIsEnodev() {
    requireFeature(KernelFeature.BRIDGE);
    NamespaceHandle ns = newNamespace();
    Links links = kernel.links(ns);
    Link br = links.add(new LinkSpec.Bridge(name("br0"), LinkOptions.none().withUp()));
    Link other = links.add(new LinkSpec.Bridge(name("br1"), LinkOptions.none().withUp()));
    int port = upVethPair(ns);
    Duration second = Duration.ofSeconds(1);

    assertThatThrownBy(() -> links.awaitPortEnabled(port, br.index(), second))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a port of bridge " + br.index());
    links.change(port, LinkChange.none().withMaster(other.index()));
    assertThatThrownBy(() -> links.awaitPortEnabled(port, br.index(), second))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eth0");
    assertKernelError(
        () -> links.awaitPortEnabled(port + 100, br.index(), second), "RTM_GETLINK", "ENODEV");
    assertKernelError(
        () -> links.awaitPortEnabled(port, br.index() + 100, second), "RTM_GETLINK", "ENODEV");
    assertThatThrownBy(() -> links.awaitPortEnabled(port, other.index(), Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void aMovedLinkLeavesItsNamespaceAndKeepsAFreeIndex() {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    NamespaceHandle other = newNamespace();
    for (int i = 0; i < 3; i++) {
      kernel.links(ns).add(veth("a" + i, "b" + i, ns));
    }
    Link moving = kernel.links(ns).get(name("a2")).orElseThrow();

    kernel.links(ns).change(moving.index(), LinkChange.none().withNamespace(other));

    assertThat(kernel.links(ns).get(name("a2"))).isEmpty();
    Link moved = kernel.links(other).get(name("a2")).orElseThrow();
    assertThat(moved.index()).isEqualTo(moving.index());
    assertThat(moved.up()).isFalse();
  }

  @Test
  public void movingALinkOntoATakenNameIsEexist() {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    NamespaceHandle other = newNamespace();
    Link v0 = kernel.links(ns).add(veth("v0", "v1", ns));
    kernel.links(other).add(veth("v0", "w1", other));

    assertKernelError(
        () -> kernel.links(ns).change(v0.index(), LinkChange.none().withNamespace(other)),
        "RTM_NEWLINK", "EEXIST");
    assertThat(kernel.links(ns).get(name("v0"))).isPresent();
  }

  @Test
  public void aBridgeCannotChangeNamespaceEinval() {
    requireFeature(KernelFeature.BRIDGE);
    NamespaceHandle ns = newNamespace();
    NamespaceHandle other = newNamespace();
    Link br = kernel.links(ns).add(bridge("br0"));

    assertKernelError(
        () -> kernel.links(ns).change(br.index(), LinkChange.none().withNamespace(other)),
        "RTM_NEWLINK", "EINVAL");
  }

  @Test
  public void renamingOntoATakenNameIsEexistAndRenamingWorks() {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    Link v0 = kernel.links(ns).add(veth("v0", "v1", ns));

    assertKernelError(
        () -> kernel.links(ns).change(v0.index(), LinkChange.none().withName(name("v1"))),
        "RTM_NEWLINK", "EEXIST");
    kernel.links(ns).change(v0.index(), LinkChange.none().withName(name("eth0")));
    assertThat(kernel.links(ns).get(v0.index()).orElseThrow().name()).isEqualTo("eth0");
  }

  @Test
  public void mtuAndMacAddressChangesAreReported() {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    Link v0 = kernel.links(ns).add(veth("v0", "v1", ns));
    MacAddress mac = MacAddress.parse("02:42:ac:11:00:02");

    kernel.links(ns).change(v0.index(), LinkChange.none().withMtu(9000).withMacAddress(mac));

    Link changed = kernel.links(ns).get(v0.index()).orElseThrow();
    assertThat(changed.mtu()).isEqualTo(9000);
    assertThat(changed.macAddress()).contains(mac);
  }

  @Test
  public void aMacvlanMtuAboveItsParentsIsEinval() {
    requireFeature(KernelFeature.VETH);
    requireFeature(KernelFeature.MACVLAN);
    NamespaceHandle ns = newNamespace();
    Link parent = kernel.links(ns).add(veth("v0", "v1", ns));
    Link mv = kernel.links(ns).add(new LinkSpec.Macvlan(
        name("mv0"), LinkOptions.none(), parent.index(), LinkSpec.MacvlanMode.BRIDGE));

    assertThat(mv.mtu()).isEqualTo(parent.mtu());
    assertThat(mv.link()).hasValue(parent.index());
    assertKernelError(
        () -> kernel.links(ns).change(mv.index(), LinkChange.none().withMtu(parent.mtu() + 100)),
        "RTM_NEWLINK", "EINVAL");
  }

  @Test
  public void deletingAParentDeletesItsMacvlans() {
    requireFeature(KernelFeature.VETH);
    requireFeature(KernelFeature.MACVLAN);
    NamespaceHandle ns = newNamespace();
    Link parent = kernel.links(ns).add(veth("v0", "v1", ns));
    kernel.links(ns).add(new LinkSpec.Macvlan(
        name("mv0"), LinkOptions.none(), parent.index(), LinkSpec.MacvlanMode.BRIDGE));

    kernel.links(ns).delete(parent.index());

    assertThat(kernel.links(ns).get(name("mv0"))).isEmpty();
  }

  @Test
  public void aMacvlanIsCreatedInsideAnotherNamespaceUnderItsFinalName() {
    requireFeature(KernelFeature.VETH);
    requireFeature(KernelFeature.MACVLAN);
    NamespaceHandle host = newNamespace();
    NamespaceHandle sandbox = newNamespace();
    Link parent = kernel.links(host).add(veth("v0", "v1", host));
    MacAddress mac = MacAddress.parse("02:00:00:00:42:01");
    LinkSpec.Macvlan eth0 = new LinkSpec.Macvlan(
        name("eth0"), LinkOptions.none().withMacAddress(mac), parent.index(),
        LinkSpec.MacvlanMode.BRIDGE);

    kernel.links(host).addIn(eth0, sandbox);

    Link inside = kernel.links(sandbox).get(name("eth0")).orElseThrow();
    assertThat(inside.is(LinkKind.MACVLAN)).isTrue();
    assertThat(inside.macAddress()).contains(mac);
    assertThat(inside.up()).isFalse();
    assertThat(kernel.links(host).get(name("eth0"))).isEmpty();
    assertKernelError(() -> kernel.links(host).addIn(eth0, sandbox), "RTM_NEWLINK", "EEXIST");

    kernel.links(host).delete(parent.index());
    assertThat(kernel.links(sandbox).get(name("eth0"))).isEmpty();
  }

  @Test
  public void aMissingParentIsEnodev() {
    requireFeature(KernelFeature.MACVLAN);
    NamespaceHandle ns = newNamespace();

    assertKernelError(
        () -> kernel.links(ns).add(new LinkSpec.Macvlan(
            name("mv0"), LinkOptions.none(), 4242, LinkSpec.MacvlanMode.BRIDGE)),
        "RTM_NEWLINK", "ENODEV");
  }

  @Test
  public void aKindTheKernelLacksIsEopnotsupp() {
    if (!kernel.features().contains(KernelFeature.DUMMY)) {
      NamespaceHandle ns = newNamespace();
      assertKernelError(
          () -> kernel.links(ns).add(new LinkSpec.Dummy(name("d0"), LinkOptions.none())),
          "RTM_NEWLINK", "EOPNOTSUPP");
      return;
    }
    Optional<Kernel> lacking = newKernelLacking(KernelFeature.DUMMY);
    assumeThat(lacking)
        .as("this kernel has the dummy driver and the port cannot make one without it")
        .isPresent();
    try (Kernel without = lacking.get()) {
      assertThat(without.features()).doesNotContain(KernelFeature.DUMMY);
      String name = newName();
      try (NamespaceHandle ns = without.namespaces().create(name)) {
        assertKernelError(
            () -> without.links(ns).add(new LinkSpec.Dummy(name("d0"), LinkOptions.none())),
            "RTM_NEWLINK", "EOPNOTSUPP");
      } finally {
        without.namespaces().delete(name);
        created.remove(name);
      }
    }
  }

  @Test
  public void deletingAGroupDeletesItsMembersOnly() {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    kernel.links(ns).add(new LinkSpec.Veth(
        name("g0"), LinkOptions.none().withGroup(7), name("g1"), ns,
        LinkOptions.none().withGroup(7)));
    kernel.links(ns).add(veth("k0", "k1", ns));

    kernel.links(ns).deleteGroup(7);

    assertThat(kernel.links(ns).list()).extracting(Link::name)
        .containsExactlyInAnyOrder("lo", "k0", "k1");
  }

  // ---- addresses -------------------------------------------------------------------------

  @Test
  public void aDuplicateIpv4AddressIsEexistButAnotherLengthIsNot() {
    NamespaceHandle ns = newNamespace();
    int eth = upVethPair(ns);
    kernel.addresses(ns).add(AddressEntry.of(eth, prefix("10.1.0.2/24")));

    assertKernelError(
        () -> kernel.addresses(ns).add(AddressEntry.of(eth, prefix("10.1.0.2/24"))),
        "RTM_NEWADDR", "EEXIST");
    kernel.addresses(ns).add(AddressEntry.of(eth, prefix("10.1.0.2/16")));
    assertThat(kernel.addresses(ns).list(eth)).extracting(AddressEntry::prefix)
        .contains(prefix("10.1.0.2/24"), prefix("10.1.0.2/16"));
  }

  @Test
  public void anIpv6AddressIsADuplicateWhateverItsLength() {
    NamespaceHandle ns = newNamespace();
    int eth = upVethPair(ns);
    kernel.addresses(ns).add(new AddressEntry(eth, prefix("fd00::2/64"), true));

    assertKernelError(
        () -> kernel.addresses(ns).add(new AddressEntry(eth, prefix("fd00::2/48"), true)),
        "RTM_NEWADDR", "EEXIST");
  }

  @Test
  public void anAddressOnAMissingLinkIsEnodev() {
    NamespaceHandle ns = newNamespace();

    assertKernelError(
        () -> kernel.addresses(ns).add(AddressEntry.of(4242, prefix("10.1.0.2/24"))),
        "RTM_NEWADDR", "ENODEV");
  }

  @Test
  public void deletingAMissingAddressReturnsFalse() {
    NamespaceHandle ns = newNamespace();
    int eth = upVethPair(ns);

    assertThat(kernel.addresses(ns).delete(AddressEntry.of(eth, prefix("10.9.9.9/24")))).isFalse();
  }

  @Test
  public void anAddressOnAnUpLinkBringsItsSubnetRouteAndTakesItAway() {
    NamespaceHandle ns = newNamespace();
    int eth = upVethPair(ns);
    AddressEntry address = AddressEntry.of(eth, prefix("10.1.0.2/24"));
    Route subnet = Route.onLink(prefix("10.1.0.0/24"), eth);

    kernel.addresses(ns).add(address);
    assertThat(kernel.routes(ns).list()).contains(subnet);

    assertThat(kernel.addresses(ns).delete(address)).isTrue();
    assertThat(kernel.routes(ns).list()).doesNotContain(subnet);
    assertThat(kernel.addresses(ns).list(eth)).doesNotContain(address);
  }

  @Test
  public void aLinkGoingDownLosesItsRoutesAndIpv6AddressesNotIpv4Ones() {
    NamespaceHandle ns = newNamespace();
    int eth = upVethPair(ns);
    AddressEntry v4 = AddressEntry.of(eth, prefix("10.1.0.2/24"));
    AddressEntry v6 = new AddressEntry(eth, prefix("fd00::2/64"), true);
    kernel.addresses(ns).add(v4);
    kernel.addresses(ns).add(v6);
    kernel.routes(ns).add(route("10.5.0.0/16", "10.1.0.1"));

    kernel.links(ns).change(eth, LinkChange.none().withUp(false));

    assertThat(kernel.routes(ns).list()).noneMatch(r -> r.device().equals(OptionalInt.of(eth)));
    assertThat(kernel.addresses(ns).list(eth)).containsExactly(v4);
  }

  @Test
  public void anUpLinkWithACarrierGetsItsEui64LinkLocalAddress() throws Exception {
    NamespaceHandle ns = newNamespace();
    int eth = upVethPair(ns);
    MacAddress mac = kernel.links(ns).get(eth).orElseThrow().macAddress().orElseThrow();
    byte[] m = mac.bytes();
    String expected = String.format(
        "fe80::%02x%02x:%02xff:fe%02x:%02x%02x/64",
        (m[0] ^ 2) & 0xff, m[1] & 0xff, m[2] & 0xff, m[3] & 0xff, m[4] & 0xff, m[5] & 0xff);

    awaitTrue(() -> kernel.addresses(ns).list(eth).stream()
        .anyMatch(a -> a.prefix().equals(prefix(expected))));
  }

  @Test
  public void anIpv6AddressOnALinkWithIpv6DisabledIsEacces() {
    NamespaceHandle ns = newNamespace();
    int eth = upVethPair(ns);
    String ifname = kernel.links(ns).get(eth).orElseThrow().name();
    kernel.addresses(ns).add(new AddressEntry(eth, prefix("fd00::2/64"), true));

    kernel.sysctls(ns).set("ipv6/conf/" + ifname + "/disable_ipv6", "1");

    assertThat(kernel.addresses(ns).list(eth)).noneMatch(a -> !a.prefix().isIpv4());
    assertKernelError(
        () -> kernel.addresses(ns).add(new AddressEntry(eth, prefix("fd00::3/64"), true)),
        "RTM_NEWADDR", "EACCES")
        .isInstanceOf(PermissionDeniedException.class);
  }

  // ---- routes ----------------------------------------------------------------------------

  @Test
  public void aGatewayNoRouteReachesIsEnetunreachForIpv4() {
    NamespaceHandle ns = newNamespace();
    int eth = upVethPair(ns);
    kernel.addresses(ns).add(AddressEntry.of(eth, prefix("10.1.0.2/24")));

    assertKernelError(() -> kernel.routes(ns).add(route("10.5.0.0/16", "10.9.0.1")),
        "RTM_NEWROUTE", "ENETUNREACH");
    assertKernelError(() -> kernel.routes(ns).add(Route.defaultVia(ip("10.9.0.1"), eth)),
        "RTM_NEWROUTE", "ENETUNREACH");
  }

  @Test
  public void aGatewayNoRouteReachesIsEhostunreachForIpv6() {
    NamespaceHandle ns = newNamespace();
    int eth = upVethPair(ns);
    kernel.addresses(ns).add(new AddressEntry(eth, prefix("fd00::2/64"), true));

    assertKernelError(() -> kernel.routes(ns).add(route("fd05::/64", "fd09::1")),
        "RTM_NEWROUTE", "EHOSTUNREACH");
  }

  @Test
  public void aRouteViaAReachableGatewayIsListedWithItsDevice() {
    NamespaceHandle ns = newNamespace();
    int eth = upVethPair(ns);
    kernel.addresses(ns).add(AddressEntry.of(eth, prefix("10.1.0.2/24")));

    kernel.routes(ns).add(route("0.0.0.0/0", "10.1.0.1"));

    assertThat(kernel.routes(ns).list()).contains(Route.defaultVia(ip("10.1.0.1"), eth));
  }

  @Test
  public void anIpv6RouteWithoutMetricIsListedWithMetric1024() {
    NamespaceHandle ns = newNamespace();
    int eth = upVethPair(ns);
    kernel.addresses(ns).add(new AddressEntry(eth, prefix("fd00::2/64"), true));

    kernel.routes(ns).add(route("fd05::/64", "fd00::1"));

    assertThat(kernel.routes(ns).list()).contains(new Route(
        prefix("fd05::/64"), Optional.of(ip("fd00::1")), OptionalInt.of(eth), OptionalInt.of(1024)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.5.0.0/16 via 10.1.0.1", "10.5.0.0/16 via 10.1.0.7"})
  public void aSecondRouteToTheSameDestinationAndMetricIsEexist(String second) {
    NamespaceHandle ns = newNamespace();
    int eth = upVethPair(ns);
    kernel.addresses(ns).add(AddressEntry.of(eth, prefix("10.1.0.2/24")));
    kernel.routes(ns).add(route("10.5.0.0/16", "10.1.0.1"));
    String[] parts = second.split(" via ");

    assertKernelError(() -> kernel.routes(ns).add(route(parts[0], parts[1])),
        "RTM_NEWROUTE", "EEXIST");
  }

  @Test
  public void aDeviceRouteOnADownLinkIsEnetdown() {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    Link v0 = kernel.links(ns).add(veth("v0", "v1", ns));

    assertKernelError(() -> kernel.routes(ns).add(Route.onLink(prefix("10.7.0.0/16"), v0.index())),
        "RTM_NEWROUTE", "ENETDOWN");
  }

  @Test
  public void routesAreDeletedOnceAndMissingOnesReturnFalse() {
    NamespaceHandle ns = newNamespace();
    int eth = upVethPair(ns);
    kernel.addresses(ns).add(AddressEntry.of(eth, prefix("10.1.0.2/24")));
    Route route = route("10.5.0.0/16", "10.1.0.1");
    kernel.routes(ns).add(route);

    assertThat(kernel.routes(ns).delete(route)).isTrue();
    assertThat(kernel.routes(ns).delete(route)).isFalse();
    assertThat(kernel.routes(ns).list()).noneMatch(r -> r.destination().equals(prefix("10.5.0.0/16")));
  }

  // ---- sysctls ---------------------------------------------------------------------------

  @Test
  public void ipForwardStartsOffAndCanBeSet() {
    NamespaceHandle ns = newNamespace();

    assertThat(kernel.sysctls(ns).get("ipv4/ip_forward")).contains("0");
    kernel.sysctls(ns).set("ipv4/ip_forward", "1");
    assertThat(kernel.sysctls(ns).get("ipv4/ip_forward")).contains("1");
    assertThat(kernel.sysctls(ns).get("ipv4/conf/all/forwarding")).contains("1");
  }

  @Test
  public void interfaceSysctlsComeGoAndFollowRenames() {
    requireFeature(KernelFeature.VETH);
    NamespaceHandle ns = newNamespace();
    Link v0 = kernel.links(ns).add(veth("v0", "v1", ns));
    assertThat(kernel.sysctls(ns).get("ipv6/conf/v0/disable_ipv6")).contains("0");

    kernel.links(ns).change(v0.index(), LinkChange.none().withName(name("eth0")));
    assertThat(kernel.sysctls(ns).get("ipv6/conf/v0/disable_ipv6")).isEmpty();
    assertThat(kernel.sysctls(ns).get("ipv6/conf/eth0/disable_ipv6")).contains("0");

    kernel.links(ns).delete(v0.index());
    assertThat(kernel.sysctls(ns).get("ipv6/conf/eth0/disable_ipv6")).isEmpty();
  }

  @Test
  public void settingAMissingSysctlIsNotFound() {
    NamespaceHandle ns = newNamespace();

    assertThat(kernel.sysctls(ns).get("ipv6/conf/nosuch0/disable_ipv6")).isEmpty();
    assertThatThrownBy(() -> kernel.sysctls(ns).set("ipv6/conf/nosuch0/disable_ipv6", "1"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("nosuch0");
  }

  // ---- host ports --------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"TCP", "UDP"})
  public void aHeldPortIsEaddrinuseForTheSameAddressAndForTheUnspecifiedOne(Protocol protocol) {
    NamespaceHandle ns = newNamespace();
    kernel.links(ns).change(1, LinkChange.setUp());
    Ports ports = kernel.ports(ns);

    Ports.HeldPort held = hold(ports, "0.0.0.0", protocol, PortRange.of(8080));
    Ports.HeldPort specific = hold(ports, "127.0.0.1", protocol, PortRange.of(9090));

    assertThat(held.port()).isEqualTo(8080);
    assertThat(held.address()).isEqualTo(ip("0.0.0.0"));
    assertThat(held.protocol()).isEqualTo(protocol);
    for (String address : List.of("0.0.0.0", "127.0.0.1")) {
      assertKernelError(() -> hold(ports, address, protocol, PortRange.of(8080)),
          "bind", "EADDRINUSE")
          .hasMessageContaining(protocol + " " + address + ":8080");
    }
    assertKernelError(() -> hold(ports, "0.0.0.0", protocol, PortRange.of(9090)),
        "bind", "EADDRINUSE");
    assertThat(hold(ports, "127.0.0.2", protocol, PortRange.of(9090)).port()).isEqualTo(9090);
    assertThat(specific.port()).isEqualTo(9090);
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"TCP", "UDP"})
  public void anyPortComesFromTheNamespacesLocalPortRangeUntilItIsFull(Protocol protocol) {
    NamespaceHandle ns = newNamespace();
    kernel.sysctls(ns).set("ipv4/ip_local_port_range", "40000 40001");
    Ports ports = kernel.ports(ns);

    int first = hold(ports, "0.0.0.0", protocol, PortRange.ANY).port();
    int second = hold(ports, "0.0.0.0", protocol, PortRange.ANY).port();

    assertThat(List.of(first, second)).containsExactlyInAnyOrder(40000, 40001);
    assertKernelError(() -> hold(ports, "0.0.0.0", protocol, PortRange.ANY),
        "bind", "EADDRINUSE")
        .hasMessageContaining(protocol + " 0.0.0.0:0");
    assertThat(kernel.sysctls(ns).get("ipv4/ip_local_port_range")).contains("40000\t40001");
  }

  @Test
  public void aNewNamespacesLocalPortRangeIsLinuxsDefault() {
    NamespaceHandle ns = newNamespace();

    int port = hold(kernel.ports(ns), "0.0.0.0", Protocol.TCP, PortRange.ANY).port();

    assertThat(port).isBetween(32768, 60999);
    assertThat(kernel.sysctls(ns).get("ipv4/ip_local_port_range")).contains("32768\t60999");
  }

  @Test
  public void aRangeTakesItsFirstFreePortThenIsEaddrinuse() {
    NamespaceHandle ns = newNamespace();
    Ports ports = kernel.ports(ns);
    hold(ports, "0.0.0.0", Protocol.TCP, PortRange.of(18000));

    assertThat(hold(ports, "0.0.0.0", Protocol.TCP, PortRange.of(18000, 18010)).port())
        .isEqualTo(18001);
    assertThat(hold(ports, "0.0.0.0", Protocol.TCP, PortRange.of(18000, 18010)).port())
        .isEqualTo(18002);
    assertKernelError(() -> hold(ports, "0.0.0.0", Protocol.TCP, PortRange.of(18000, 18002)),
        "bind", "EADDRINUSE");
  }

  @Test
  public void tcpAndUdpHoldTheSamePortIndependently() {
    NamespaceHandle ns = newNamespace();
    Ports ports = kernel.ports(ns);

    Ports.HeldPort tcp = hold(ports, "0.0.0.0", Protocol.TCP, PortRange.of(8080));
    Ports.HeldPort udp = hold(ports, "0.0.0.0", Protocol.UDP, PortRange.of(8080));

    assertThat(List.of(tcp.port(), udp.port())).containsExactly(8080, 8080);
    assertThat(udp.protocol()).isEqualTo(Protocol.UDP);
  }

  @Test
  public void theUnspecifiedAddressesOfTheTwoFamiliesAreHeldIndependently() {
    NamespaceHandle ns = newNamespace();
    Ports ports = kernel.ports(ns);

    hold(ports, "0.0.0.0", Protocol.TCP, PortRange.of(8080));
    Ports.HeldPort v6 = hold(ports, "::", Protocol.TCP, PortRange.of(8080));

    assertThat(v6.port()).isEqualTo(8080);
    assertThat(v6.address()).isEqualTo(ip("::"));
    assertKernelError(() -> hold(ports, "::", Protocol.TCP, PortRange.of(8080)),
        "bind", "EADDRINUSE")
        .hasMessageContaining("tcp [::]:8080");
  }

  @Test
  public void closingAHeldPortReleasesItOnce() {
    NamespaceHandle ns = newNamespace();
    Ports ports = kernel.ports(ns);
    Ports.HeldPort held = hold(ports, "0.0.0.0", Protocol.UDP, PortRange.of(5353));

    held.close();
    held.close();

    assertThat(hold(ports, "0.0.0.0", Protocol.UDP, PortRange.of(5353)).port()).isEqualTo(5353);
  }

  @Test
  public void anAddressTheNamespaceLacksIsEaddrnotavailUntilALinkHasIt() {
    NamespaceHandle ns = newNamespace();
    // With an IPv4 address, so that Linux has made the local table (before, it lets any
    // IPv4 address be bound).
    kernel.links(ns).change(1, LinkChange.setUp());
    Ports ports = kernel.ports(ns);

    for (String address : List.of("192.0.2.5", "2001:db8::5")) {
      assertKernelError(() -> hold(ports, address, Protocol.TCP, PortRange.of(8080)),
          "bind", "EADDRNOTAVAIL")
          .hasMessageContaining(":8080");
    }
    assertKernelError(() -> hold(ports, "192.0.2.5", Protocol.TCP, PortRange.ANY),
        "bind", "EADDRNOTAVAIL");

    int eth0 = upVethPair(ns);
    kernel.addresses(ns).add(AddressEntry.of(eth0, prefix("192.0.2.5/24")));

    assertThat(hold(ports, "192.0.2.5", Protocol.TCP, PortRange.of(8080)).port())
        .isEqualTo(8080);
    assertThat(hold(ports, "127.0.0.1", Protocol.TCP, PortRange.of(8080)).port())
        .isEqualTo(8080);
    assertKernelError(() -> hold(ports, "192.0.2.6", Protocol.TCP, PortRange.of(8080)),
        "bind", "EADDRNOTAVAIL");
  }

  // ---- hairpin ---------------------------------------------------------------------------

  @Test
  public void hairpinModeOfABridgePortIsTurnedOnAndOff() {
    requireFeature(KernelFeature.BRIDGE);
    NamespaceHandle ns = newNamespace();
    Link bridge = kernel.links(ns).add(bridge("br0"));
    int port = upVethPair(ns);
    kernel.links(ns).change(port, LinkChange.none().withMaster(bridge.index()));

    kernel.links(ns).change(port, LinkChange.none().withHairpin(true));
    kernel.links(ns).change(port, LinkChange.setUp().withHairpin(true));
    kernel.links(ns).change(port, LinkChange.none().withHairpin(false));

    assertThat(kernel.links(ns).get(port).orElseThrow().master()).hasValue(bridge.index());
  }

  @Test
  public void hairpinModeOfALinkThatIsNoBridgePortIsEopnotsuppAndChangesNothing() {
    requireFeature(KernelFeature.BRIDGE);
    NamespaceHandle ns = newNamespace();
    Link bridge = kernel.links(ns).add(bridge("br0"));
    int eth0 = upVethPair(ns);

    assertKernelError(
        () -> kernel.links(ns).change(eth0, LinkChange.none().withHairpin(true)),
        "RTM_NEWLINK", "EOPNOTSUPP");
    assertKernelError(
        () -> kernel.links(ns).change(
            eth0, LinkChange.none().withMaster(bridge.index()).withHairpin(true)),
        "RTM_NEWLINK", "EOPNOTSUPP");
    assertKernelError(
        () -> kernel.links(ns).change(bridge.index(), LinkChange.none().withHairpin(true)),
        "RTM_NEWLINK", "EOPNOTSUPP");

    assertThat(kernel.links(ns).get(eth0).orElseThrow().master()).isEmpty();
  }

  // ---- published ports in the firewall ---------------------------------------------------

  @Test
  public void publishedPortsAreKeptPerEndpointReplacedAndRemovedIdempotently() {
    requireFeature(KernelFeature.NF_TABLES);
    requireFeature(KernelFeature.BRIDGE);
    NamespaceHandle ns = newNamespace();
    kernel.links(ns).add(bridge("br-nmc"));
    Firewall firewall = kernel.firewall(ns);
    firewall.addNetwork(new Firewall.BridgeRules("net1", name("br-nmc"),
        List.of(prefix("10.213.7.0/24")), true, false, true));
    assertThat(firewall.publications()).isEmpty();

    firewall.publish(portRules("ep/one", published(8080, "10.213.7.2", 80, Protocol.TCP)));
    firewall.publish(portRules("ep/one", published(8080, "10.213.7.2", 80, Protocol.TCP)));
    firewall.publish(portRules("ep.two", published(5353, "10.213.7.3", 53, Protocol.UDP)));
    assertThat(firewall.publications()).containsExactlyInAnyOrder("ep/one", "ep.two");

    firewall.publish(portRules("ep/one", published(8081, "10.213.7.2", 81, Protocol.TCP),
        published(8081, "10.213.7.2", 81, Protocol.UDP)));
    assertThat(firewall.publications()).containsExactlyInAnyOrder("ep/one", "ep.two");
    assertThat(kernel.firewall(ns).publications()).containsExactlyInAnyOrder("ep/one", "ep.two");

    firewall.unpublish("ep/one");
    firewall.unpublish("ep/one");
    firewall.unpublish("never-published");
    assertThat(firewall.publications()).containsExactly("ep.two");

    firewall.publish(portRules("ep.two"));
    assertThat(firewall.publications()).isEmpty();
    assertThat(firewall.networks()).containsExactly("net1");
  }

  @Test
  public void eachNamespaceHasItsOwnPublishedPorts() {
    requireFeature(KernelFeature.NF_TABLES);
    requireFeature(KernelFeature.BRIDGE);
    NamespaceHandle one = newNamespace();
    NamespaceHandle two = newNamespace();
    kernel.links(one).add(bridge("br-nmc"));

    kernel.firewall(one).publish(
        portRules("ep1", published(8080, "10.213.7.2", 80, Protocol.TCP)));

    assertThat(kernel.firewall(one).publications()).containsExactly("ep1");
    assertThat(kernel.firewall(two).publications()).isEmpty();
  }

  @Test
  public void publishingAnIpv4PortOnEveryAddressTurnsRouteLocalnetOnForItsBridge() {
    requireFeature(KernelFeature.NF_TABLES);
    requireFeature(KernelFeature.BRIDGE);
    NamespaceHandle ns = newNamespace();
    kernel.links(ns).add(bridge("br-nmc"));
    assertThat(kernel.sysctls(ns).get("ipv4/conf/br-nmc/route_localnet")).contains("0");

    kernel.firewall(ns).publish(
        portRules("ep1", published(8080, "10.213.7.2", 80, Protocol.TCP)));

    assertThat(kernel.sysctls(ns).get("ipv4/conf/br-nmc/route_localnet")).contains("1");
  }

  @Test
  public void publishingAPortThatNeedsRouteLocalnetOfAMissingBridgeIsNotFound() {
    requireFeature(KernelFeature.NF_TABLES);
    NamespaceHandle ns = newNamespace();

    assertThatThrownBy(() -> kernel.firewall(ns).publish(
            portRules("ep1", published(8080, "10.213.7.2", 80, Protocol.TCP))))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("br-nmc/route_localnet");
    assertThat(kernel.firewall(ns).publications()).isEmpty();
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** Holds a port, released after the test. */
  private Ports.HeldPort hold(
      Ports ports, String address, Protocol protocol, PortRange candidates) {
    Ports.HeldPort held = ports.hold(ip(address), protocol, candidates);
    heldPorts.add(held);
    return held;
  }

  private static Firewall.PortRules portRules(String endpoint, Firewall.PublishedPort... ports) {
    return new Firewall.PortRules(endpoint, "net1", name("br-nmc"), List.of(ports));
  }

  private static Firewall.PublishedPort published(
      int hostPort, String sandbox, int sandboxPort, Protocol protocol) {
    return new Firewall.PublishedPort(
        Optional.empty(), hostPort, ip(sandbox), sandboxPort, protocol);
  }

  /** A veth pair inside {@code ns}, both ends up; returns the index of the near end. */
  private int upVethPair(NamespaceHandle ns) {
    requireFeature(KernelFeature.VETH);
    Link near = kernel.links(ns).add(veth("eth0", "peer0", ns));
    int peer = kernel.links(ns).get(name("peer0")).orElseThrow().index();
    kernel.links(ns).change(peer, LinkChange.setUp());
    kernel.links(ns).change(near.index(), LinkChange.setUp());
    return near.index();
  }

  private void requireFeature(KernelFeature feature) {
    assumeThat(kernel.features()).as("kernel features").contains(feature);
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable>
      assertKernelError(ThrowingCallable call, String operation, String errnoName) {
    return assertThatThrownBy(call)
        .isInstanceOf(KernelException.class)
        .satisfies(e -> {
          KernelException k = (KernelException) e;
          assertThat(k.operation()).as("operation").isEqualTo(operation);
          assertThat(k.errnoName()).as("errno").isEqualTo(errnoName);
        });
  }

  /** Waits up to two seconds for what the kernel may finish asynchronously. */
  private static void awaitTrue(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition still false after 2 s");
      }
      Thread.sleep(10);
    }
  }

  private static LinkSpec.Bridge bridge(String name) {
    return new LinkSpec.Bridge(name(name), LinkOptions.none());
  }

  private static LinkSpec.Veth veth(String name, String peer, NamespaceHandle peerNs) {
    return new LinkSpec.Veth(name(name), LinkOptions.none(), name(peer), peerNs, LinkOptions.none());
  }

  private static Route route(String destination, String gateway) {
    return new Route(
        prefix(destination), Optional.of(ip(gateway)), OptionalInt.empty(), OptionalInt.empty());
  }

  private static InterfaceName name(String value) {
    return InterfaceName.of(value);
  }

  private static IpPrefix prefix(String value) {
    return IpPrefix.parse(value);
  }

  private static InetAddress ip(String value) {
    return IpAddresses.parse(value);
  }
}
