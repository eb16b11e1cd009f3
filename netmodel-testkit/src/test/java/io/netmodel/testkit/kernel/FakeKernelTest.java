package io.netmodel.testkit.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.KernelException;
import io.netmodel.api.NotFoundException;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.MacAddress;
import io.netmodel.core.kernel.ForwardingEntry;
import io.netmodel.core.kernel.KernelFeature;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Neighbour;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What only the fake promises beyond the contract: determinism, declared limits, its handles. */
class FakeKernelTest {
  private static final MacAddress MAC = MacAddress.parse("02:42:ac:11:00:09");

  @Test
  void sameCallsGiveSameIdsIndexesAndMacAddresses() {
    assertThat(scenario(FakeKernel.create())).isEqualTo(scenario(FakeKernel.create()));
  }

  @Test
  void anotherSeedGivesOtherMacAddresses() {
    assertThat(scenario(FakeKernel.builder().seed(7).build()))
        .isNotEqualTo(scenario(FakeKernel.create()));
  }

  private static List<String> scenario(FakeKernel kernel) {
    NamespaceHandle web = kernel.namespaces().create("web");
    kernel.links(kernel.namespaces().host()).add(veth("veth0", "eth0", web));
    List<String> out =
        kernel.links(web).list().stream().map(Link::toString).collect(Collectors.toList());
    out.add(web.id().toString());
    out.addAll(kernel.links(kernel.namespaces().host()).list().stream()
        .map(Link::toString).collect(Collectors.toList()));
    return out;
  }

  @ParameterizedTest
  @EnumSource(value = KernelFeature.class, names = {"DUMMY", "BRIDGE"})
  void aKindNotDeclaredIsEopnotsupp(KernelFeature missing) {
    Set<KernelFeature> features = new java.util.HashSet<>(FakeKernel.create().features());
    features.remove(missing);
    FakeKernel kernel = FakeKernel.builder().features(features).build();
    LinkSpec spec = missing == KernelFeature.DUMMY
        ? new LinkSpec.Dummy(InterfaceName.of("d0"), LinkOptions.none())
        : new LinkSpec.Bridge(InterfaceName.of("d0"), LinkOptions.none());

    assertThatThrownBy(() -> kernel.links(kernel.namespaces().host()).add(spec))
        .isInstanceOfSatisfying(KernelException.class,
            e -> assertThat(e.errnoName()).isEqualTo("EOPNOTSUPP"));
    assertThat(kernel.features()).doesNotContain(missing).contains(KernelFeature.NF_TABLES);
  }

  @Test
  void handlesRunTasksOnTheCallersThreadAndRefuseProcesses() throws Exception {
    FakeKernel kernel = FakeKernel.create();
    NamespaceHandle web = kernel.namespaces().create("web");
    assertThat(web.call(Thread::currentThread)).isSameAs(Thread.currentThread());
    assertThatThrownBy(() -> web.start(new ProcessBuilder("ip", "addr")))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("cannot isolate a process");
    web.close();
    assertThatThrownBy(() -> web.run(() -> { })).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void openPidFindsNoProcessAndOtherPathsAreNotFound() {
    FakeKernel kernel = FakeKernel.create();

    assertThatThrownBy(() -> kernel.namespaces().openPid(1)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> kernel.namespaces().openPath(Path.of("/proc/1/ns/net")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> kernel.namespaces().openPid(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDeletedNamespaceKeepsItsLinksWhileAHandleIsOpen() {
    FakeKernel kernel = FakeKernel.create();
    NamespaceHandle host = kernel.namespaces().host();
    NamespaceHandle web = kernel.namespaces().create("web");
    kernel.links(host).add(veth("veth0", "eth0", web));

    kernel.namespaces().delete("web");
    assertThat(kernel.links(host).get(InterfaceName.of("veth0"))).isPresent();

    web.close();
    assertThat(kernel.links(host).get(InterfaceName.of("veth0"))).isEmpty();
  }

  @Test
  void neighbourAndForwardingEntriesAreReplacedAndGoWithTheirLink() {
    FakeKernel kernel = FakeKernel.create();
    NamespaceHandle host = kernel.namespaces().host();
    Link vx = kernel.links(host).add(new LinkSpec.Vxlan(
        InterfaceName.of("vx0"), LinkOptions.none(), 42, 4789, false,
        java.util.Optional.empty(), java.util.Optional.empty()));
    Neighbour n = new Neighbour(vx.index(), IpAddresses.parse("10.0.0.2"), MAC);
    ForwardingEntry f = new ForwardingEntry(vx.index(), MAC, IpAddresses.parse("192.0.2.7"));

    kernel.neighbours(host).put(n);
    kernel.neighbours(host).put(n);
    kernel.neighbours(host).put(f);
    assertThat(kernel.neighbours(host).list(vx.index())).containsExactly(n);
    assertThat(kernel.neighbours(host).forwarding(vx.index())).containsExactly(f);

    kernel.links(host).delete(vx.index());
    assertThat(kernel.neighbours(host).list(vx.index())).isEmpty();
    assertThatThrownBy(() -> kernel.neighbours(host).put(n))
        .isInstanceOfSatisfying(KernelException.class,
            e -> assertThat(e.errnoName()).isEqualTo("ENODEV"));
  }

  @Test
  void theFirewallIsImplementedAndStartsEmptyInEveryNamespace() {
    FakeKernel kernel = FakeKernel.create();
    NamespaceHandle web = kernel.namespaces().create("web");

    assertThat(kernel.firewall(kernel.namespaces().host()).networks()).isEmpty();
    assertThat(kernel.firewall(web).networks()).isEmpty();
  }

  @Test
  void aClosedKernelRefusesWork() {
    FakeKernel kernel = FakeKernel.create();
    kernel.close();
    kernel.close();

    assertThatThrownBy(kernel::namespaces).isInstanceOf(IllegalStateException.class);
  }

  private static LinkSpec.Veth veth(String name, String peer, NamespaceHandle ns) {
    return new LinkSpec.Veth(
        InterfaceName.of(name), LinkOptions.none(), InterfaceName.of(peer), ns, LinkOptions.none());
  }
}
