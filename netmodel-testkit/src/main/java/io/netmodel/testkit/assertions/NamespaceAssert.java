package io.netmodel.testkit.assertions;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.Route;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions over one namespace's {@link NamespaceState}: its links, addresses and routes.
 * Made by {@link NetmodelAssertions#assertThatNamespace}; every assertion checks the state
 * read when the assertion object was made.
 *
 * <pre>{@code
 * assertThatNamespace(kernel, ns)
 *     .hasOnlyLinks("lo", "eth0")
 *     .hasLinkUp("eth0")
 *     .hasAddress("eth0", "172.17.0.2/16")
 *     .hasDefaultRouteVia("172.17.0.1");
 * }</pre>
 *
 * <p>A failure names what was expected, then prints the whole observed state: every link
 * with its index, kind, state, MTU and MAC, every address, every route. Interface names,
 * prefixes and addresses given to the assertions are validated as the api's value types
 * validate them; a bad one is an {@link IllegalArgumentException}, not a failed assertion.
 * Not thread-safe (as AssertJ's assertions are not); the state it holds is immutable.
 */
public final class NamespaceAssert extends AbstractAssert<NamespaceAssert, NamespaceState> {

  NamespaceAssert(NamespaceState actual) {
    super(actual, NamespaceAssert.class);
  }

  /** Asserts that there is a link of that name. */
  public NamespaceAssert hasLink(String name) {
    requiredLink(name);
    return this;
  }

  /** Asserts that there is no link of that name. */
  public NamespaceAssert doesNotHaveLink(String name) {
    isNotNull();
    if (actual.link(checkedName(name)).isPresent()) {
      fail("to have no link " + name + ", but it has one");
    }
    return this;
  }

  /** Asserts that the links are exactly these, in any order. */
  public NamespaceAssert hasOnlyLinks(String... names) {
    isNotNull();
    Set<String> expected = new TreeSet<>();
    for (String name : names) {
      expected.add(checkedName(name));
    }
    Set<String> observed = new TreeSet<>(actual.linkNames());
    if (!expected.equals(observed)) {
      fail("to have only the links " + expected + ", but it has " + observed);
    }
    return this;
  }

  /** Asserts that the link of that name exists and is administratively up. */
  public NamespaceAssert hasLinkUp(String name) {
    if (!requiredLink(name).up()) {
      fail("to have link " + name + " up, but it is down");
    }
    return this;
  }

  /** Asserts that the link of that name exists and is administratively down. */
  public NamespaceAssert hasLinkDown(String name) {
    if (requiredLink(name).up()) {
      fail("to have link " + name + " down, but it is up");
    }
    return this;
  }

  /** Asserts that the link of that name exists and has that MTU. */
  public NamespaceAssert hasLinkWithMtu(String name, int mtu) {
    Link link = requiredLink(name);
    if (link.mtu() != mtu) {
      fail("to have link " + name + " with MTU " + mtu + ", but its MTU is " + link.mtu());
    }
    return this;
  }

  /**
   * Asserts that link {@code name} has the address {@code prefix}, given with its prefix
   * length ({@code "172.17.0.2/16"}).
   */
  public NamespaceAssert hasAddress(String name, String prefix) {
    IpPrefix expected = IpPrefix.parse(prefix);
    Link link = requiredLink(name);
    List<IpPrefix> observed = prefixesOf(link);
    if (!observed.contains(expected)) {
      fail("to have address " + expected + " on link " + name + ", but it has " + observed);
    }
    return this;
  }

  /** Asserts that link {@code name} does not have the address {@code prefix}. */
  public NamespaceAssert doesNotHaveAddress(String name, String prefix) {
    IpPrefix expected = IpPrefix.parse(prefix);
    Link link = requiredLink(name);
    if (prefixesOf(link).contains(expected)) {
      fail("to have no address " + expected + " on link " + name + ", but it has it");
    }
    return this;
  }

  /** Asserts that no link of the namespace has an address. */
  public NamespaceAssert hasNoAddresses() {
    isNotNull();
    if (!actual.addresses().isEmpty()) {
      fail("to have no addresses, but it has " + actual.addresses().size());
    }
    return this;
  }

  /** Asserts that the main table has a route to {@code destination} ({@code "10.0.0.0/8"}). */
  public NamespaceAssert hasRouteTo(String destination) {
    IpPrefix expected = IpPrefix.parse(destination);
    isNotNull();
    if (actual.routes().stream().noneMatch(route -> route.destination().equals(expected))) {
      fail("to have a route to " + expected + ", but it has none");
    }
    return this;
  }

  /** Asserts that the main table has no routes at all, of either family. */
  public NamespaceAssert hasNoRoutes() {
    isNotNull();
    if (!actual.routes().isEmpty()) {
      fail("to have no routes, but it has " + actual.routes().size());
    }
    return this;
  }

  /**
   * Asserts that there is a default route via {@code gateway} (an IPv4 or IPv6 literal, of
   * the family of the default route it names).
   */
  public NamespaceAssert hasDefaultRouteVia(String gateway) {
    InetAddress expected = IpAddresses.parse(gateway);
    isNotNull();
    List<Route> defaults = defaultRoutes(expected.getAddress().length);
    if (defaults.stream().noneMatch(route -> route.gateway().equals(Optional.of(expected)))) {
      fail(
          "to have a default route via "
              + IpAddresses.toString(expected)
              + (defaults.isEmpty()
                  ? ", but it has no default route of that family"
                  : ", but its default route goes elsewhere"));
    }
    return this;
  }

  /** Asserts that there is no default route, of either family. */
  public NamespaceAssert hasNoDefaultRoute() {
    isNotNull();
    if (actual.routes().stream().anyMatch(Route::isDefault)) {
      fail("to have no default route, but it has one");
    }
    return this;
  }

  private List<Route> defaultRoutes(int addressLength) {
    return actual.routes().stream()
        .filter(Route::isDefault)
        .filter(route -> route.destination().address().getAddress().length == addressLength)
        .toList();
  }

  private List<IpPrefix> prefixesOf(Link link) {
    return actual.addressesOf(link.index()).stream().map(AddressEntry::prefix).toList();
  }

  private Link requiredLink(String name) {
    isNotNull();
    Optional<Link> link = actual.link(checkedName(name));
    if (link.isEmpty()) {
      fail("to have link " + name + ", but it has no link of that name");
    }
    return link.orElseThrow();
  }

  private static String checkedName(String name) {
    return InterfaceName.of(name).value();
  }

  /** Fails with the expectation, then the whole observed state. */
  private void fail(String expectation) {
    failWithMessage(
        "%s",
        "Expecting " + actual.namespace() + " " + expectation + ". Observed state:\n" + actual);
  }
}
