package io.netmodel.testkit.assertions;

import static io.netmodel.testkit.assertions.NetmodelAssertions.assertThatNamespace;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Route;
import io.netmodel.testkit.junit.FakeNet;
import io.netmodel.testkit.kernel.FakeKernel;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NamespaceAssertTest {
  @FakeNet FakeKernel kernel;
  NamespaceHandle lab;
  NamespaceHandle empty;
  Link dummy;

  /**
   * lab: lo down; dummy0 up (so with an IPv6 link-local address and route), MTU 1400,
   * 10.1.0.2/24, default route via 10.1.0.1. empty: lo down, nothing else.
   */
  @BeforeEach
  void makeLab() {
    lab = kernel.namespaces().create("lab");
    empty = kernel.namespaces().create("empty");
    dummy =
        kernel
            .links(lab)
            .add(new LinkSpec.Dummy(InterfaceName.of("dummy0"), LinkOptions.none().withMtu(1400)));
    kernel.links(lab).change(dummy.index(), LinkChange.setUp());
    kernel.addresses(lab).add(AddressEntry.of(dummy.index(), IpPrefix.parse("10.1.0.2/24")));
    kernel.routes(lab).add(Route.defaultVia(IpAddresses.parse("10.1.0.1"), dummy.index()));
    dummy = kernel.links(lab).get(dummy.index()).orElseThrow();
  }

  @AfterEach
  void closeHandles() {
    lab.close();
    empty.close();
  }

  @Test
  void passesOverTheObservedState() {
    assertThatNamespace(kernel, lab)
        .hasOnlyLinks("dummy0", "lo")
        .hasLink("lo")
        .doesNotHaveLink("eth0")
        .hasLinkUp("dummy0")
        .hasLinkDown("lo")
        .hasLinkWithMtu("dummy0", 1400)
        .hasAddress("dummy0", "10.1.0.2/24")
        .doesNotHaveAddress("dummy0", "10.1.0.3/24")
        .hasRouteTo("10.1.0.0/24")
        .hasDefaultRouteVia("10.1.0.1");
    assertThatNamespace(kernel, empty)
        .hasOnlyLinks("lo")
        .hasNoAddresses()
        .hasNoRoutes()
        .hasNoDefaultRoute();
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        failure("to have link eth9, but it has no link of that name", a -> a.hasLink("eth9")),
        failure("to have no link lo, but it has one", a -> a.doesNotHaveLink("lo")),
        failure(
            "to have only the links [eth0, lo], but it has [dummy0, lo]",
            a -> a.hasOnlyLinks("lo", "eth0")),
        failure("to have link lo up, but it is down", a -> a.hasLinkUp("lo")),
        failure("to have link dummy0 down, but it is up", a -> a.hasLinkDown("dummy0")),
        failure(
            "to have link dummy0 with MTU 1500, but its MTU is 1400",
            a -> a.hasLinkWithMtu("dummy0", 1500)),
        failure(
            "to have address 10.1.0.9/24 on link dummy0, but it has [10.1.0.2/24, fe80::",
            a -> a.hasAddress("dummy0", "10.1.0.9/24")),
        failure(
            "to have no address 10.1.0.2/24 on link dummy0, but it has it",
            a -> a.doesNotHaveAddress("dummy0", "10.1.0.2/24")),
        failure("to have no addresses, but it has 2", NamespaceAssert::hasNoAddresses),
        failure(
            "to have a route to 10.9.0.0/16, but it has none", a -> a.hasRouteTo("10.9.0.0/16")),
        failure("to have no routes, but it has 3", NamespaceAssert::hasNoRoutes),
        failure(
            "to have a default route via 10.1.0.254, but its default route goes elsewhere",
            a -> a.hasDefaultRouteVia("10.1.0.254")),
        failure(
            "to have a default route via fd00::1, but it has no default route of that family",
            a -> a.hasDefaultRouteVia("fd00::1")),
        failure("to have no default route, but it has one", NamespaceAssert::hasNoDefaultRoute));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void failurePrintsTheExpectationThenTheWholeState(
      String expectation, Consumer<NamespaceAssert> assertion) {
    assertThatThrownBy(() -> assertion.accept(assertThatNamespace(kernel, lab)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting namespace lab net:[")
        .hasMessageContaining(expectation)
        .hasMessageContaining("links:\n  1: lo kind - DOWN mtu 65536 mac ")
        .hasMessageContaining(
            "  " + dummy.index() + ": dummy0 kind dummy UP mtu 1400 mac "
                + dummy.macAddress().orElseThrow())
        .hasMessageContaining("addresses:\n  dummy0 10.1.0.2/24\n  dummy0 fe80::")
        .hasMessageContaining("  10.1.0.0/24 dev dummy0")
        .hasMessageContaining("  default via 10.1.0.1 dev dummy0");
  }

  @Test
  void failureOnAnEmptyNamespaceSaysThereIsNothing() {
    assertThatThrownBy(() -> assertThatNamespace(kernel, empty).hasDefaultRouteVia("10.0.0.1"))
        .hasMessageContaining("addresses:\n  (none)\nroutes:\n  (none)\n");
  }

  @Test
  void rejectsMalformedExpectationsAsBadInput() {
    assertThatThrownBy(() -> assertThatNamespace(kernel, lab).hasAddress("lo", "127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> assertThatNamespace(kernel, lab).hasDefaultRouteVia("gateway"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> assertThatNamespace(kernel, lab).hasLink("name-longer-than-ifnamsiz"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Arguments failure(String expectation, Consumer<NamespaceAssert> assertion) {
    return Arguments.of(expectation, assertion);
  }
}
