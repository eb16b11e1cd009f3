package io.netmodel.examples.tour;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkKind;
import io.netmodel.core.kernel.Route;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What iproute2's {@code ip} would print, rendered from what a kernel port holds: the few
 * forms the tour shows ({@code addr}, {@code route}, {@code -br addr show DEV}, {@code -br link
 * [show DEV | show master DEV]}) in iproute2's layout, for the fake kernel, where no {@code ip}
 * can run. A port knows less than the kernel, so the lines leave out what it cannot tell
 * (queueing discipline, address lifetimes other than forever, broadcast addresses), and a link
 * that is up is shown with its carrier on ({@code LOWER_UP}). Thread-safe as the port is.
 */
final class FakeIp {
  private static final String ZERO_MAC = "00:00:00:00:00:00";
  private static final String BROADCAST_MAC = "ff:ff:ff:ff:ff:ff";

  private final Kernel kernel;

  FakeIp(Kernel kernel) {
    this.kernel = kernel;
  }

  /**
   * What {@code ip ARGS} prints inside {@code ns}.
   *
   * @throws IllegalArgumentException for a form this renderer does not know, quoting it
   * @throws TourException for a device that does not exist, as {@code ip} refuses it
   */
  String run(NamespaceHandle ns, String... args) {
    List<String> words = List.of(args);
    if (words.equals(List.of("addr"))) {
      return addr(ns);
    }
    if (words.equals(List.of("route"))) {
      return route(ns);
    }
    if (words.equals(List.of("-br", "link"))) {
      return briefLinks(ns, link -> true);
    }
    if (words.size() == 4 && words.subList(0, 3).equals(List.of("-br", "addr", "show"))) {
      Link device = device(ns, words.get(3));
      return briefAddresses(ns, link -> link.index() == device.index());
    }
    if (words.size() == 4 && words.subList(0, 3).equals(List.of("-br", "link", "show"))) {
      Link device = device(ns, words.get(3));
      return briefLinks(ns, link -> link.index() == device.index());
    }
    if (words.size() == 5
        && words.subList(0, 4).equals(List.of("-br", "link", "show", "master"))) {
      Link bridge = device(ns, words.get(4));
      return briefLinks(
          ns, link -> link.master().equals(OptionalInt.of(bridge.index())));
    }
    throw new IllegalArgumentException(
        "the fake kernel's ip shows addr, route, -br addr show DEV and -br link [show [master]"
            + " DEV], not: ip " + String.join(" ", words));
  }

  /** {@code ip addr}: every link with its flags and addresses. */
  String addr(NamespaceHandle ns) {
    List<Link> links = kernel.links(ns).list();
    Map<Integer, List<AddressEntry>> byLink =
        kernel.addresses(ns).list().stream().collect(Collectors.groupingBy(AddressEntry::index));
    StringBuilder out = new StringBuilder();
    for (Link link : links) {
      out.append(link.index()).append(": ").append(shownName(ns, link)).append(": <")
          .append(flags(link)).append("> mtu ").append(link.mtu());
      master(ns, link).ifPresent(name -> out.append(" master ").append(name));
      out.append(" state ").append(state(link)).append(" group ")
          .append(link.group() == 0 ? "default" : Integer.toString(link.group())).append('\n');
      out.append("    ").append(linkLayer(link)).append('\n');
      List<AddressEntry> addresses = byLink.getOrDefault(link.index(), List.of());
      for (boolean ipv4 : new boolean[] {true, false}) {
        for (AddressEntry address : addresses) {
          IpPrefix prefix = address.prefix();
          if (prefix.isIpv4() != ipv4) {
            continue;
          }
          out.append("    ").append(ipv4 ? "inet " : "inet6 ").append(prefix)
              .append(" scope ").append(scope(prefix.address()));
          if (ipv4) {
            out.append(' ').append(link.name());
          }
          if (address.noDad()) {
            out.append(" nodad");
          }
          out.append('\n').append("       valid_lft forever preferred_lft forever\n");
        }
      }
    }
    return out.toString();
  }

  /** {@code ip route}: the main table's IPv4 routes. */
  String route(NamespaceHandle ns) {
    List<AddressEntry> addresses = kernel.addresses(ns).list();
    StringBuilder out = new StringBuilder();
    for (Route route : inTableOrder(kernel.routes(ns).list())) {
      if (!route.destination().isIpv4()) {
        continue;
      }
      out.append(route.isDefault() ? "default" : route.destination().toString());
      route.gateway().ifPresent(g -> out.append(" via ").append(IpAddresses.toString(g)));
      if (route.device().isPresent()) {
        int device = route.device().getAsInt();
        out.append(" dev ").append(nameOf(ns, device));
        Optional<AddressEntry> source = kernelSource(route, device, addresses);
        if (source.isPresent()) {
          out.append(" proto kernel scope link src ")
              .append(IpAddresses.toString(source.get().prefix().address()));
        } else if (route.gateway().isEmpty()) {
          out.append(" scope link");
        }
      }
      route.metric().ifPresent(m -> out.append(" metric ").append(m));
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Routes in the order Linux dumps its IPv4 table: by destination address, then prefix
   * length (so the default route, 0.0.0.0/0, comes first), then metric.
   */
  static List<Route> inTableOrder(List<Route> routes) {
    return routes.stream()
        .sorted(
            Comparator.<Route, BigInteger>comparing(
                    r -> IpAddresses.toBigInteger(r.destination().address()))
                .thenComparingInt(r -> r.destination().length())
                .thenComparingInt(r -> r.metric().orElse(0)))
        .collect(Collectors.toList());
  }

  /** {@code ip -br addr}: name, state and addresses of the links {@code which} picks. */
  private String briefAddresses(NamespaceHandle ns, Predicate<Link> which) {
    List<AddressEntry> addresses = kernel.addresses(ns).list();
    StringBuilder out = new StringBuilder();
    for (Link link : kernel.links(ns).list()) {
      if (!which.test(link)) {
        continue;
      }
      StringBuilder line = new StringBuilder(brief(shownName(ns, link), state(link)));
      for (boolean ipv4 : new boolean[] {true, false}) {
        for (AddressEntry address : addresses) {
          if (address.index() == link.index() && address.prefix().isIpv4() == ipv4) {
            line.append(address.prefix()).append(' ');
          }
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** {@code ip -br link}: name, state, MAC and flags of the links {@code which} picks. */
  private String briefLinks(NamespaceHandle ns, Predicate<Link> which) {
    StringBuilder out = new StringBuilder();
    for (Link link : kernel.links(ns).list()) {
      if (which.test(link)) {
        out.append(brief(shownName(ns, link), state(link)))
            .append(link.macAddress().map(Object::toString).orElse(ZERO_MAC))
            .append(" <").append(flags(link)).append(">\n");
      }
    }
    return out.toString();
  }

  /** The first two columns of iproute2's brief output: {@code %-16s %-14s }. */
  private static String brief(String name, String state) {
    return String.format("%-16s %-14s ", name, state);
  }

  /**
   * The name as iproute2 shows it: with {@code @PARENT} for a device stacked on a link of the
   * same namespace, {@code @ifN} for a veth peer or parent elsewhere.
   */
  private String shownName(NamespaceHandle ns, Link link) {
    if (link.link().isEmpty()) {
      return link.name();
    }
    int other = link.link().getAsInt();
    Optional<Link> there = kernel.links(ns).get(other).filter(l -> l.index() != link.index());
    boolean sameNamespace;
    if (link.is(LinkKind.VETH)) {
      // Both ends here only when the link at that index names this one back.
      sameNamespace =
          there.isPresent() && there.get().is(LinkKind.VETH)
              && there.get().link().equals(OptionalInt.of(link.index()));
    } else {
      sameNamespace =
          there.isPresent() && !there.get().is(LinkKind.MACVLAN)
              && !there.get().is(LinkKind.IPVLAN) && !there.get().is(LinkKind.VLAN);
    }
    return link.name() + "@" + (sameNamespace ? there.get().name() : "if" + other);
  }

  private static String flags(Link link) {
    List<String> flags = new ArrayList<>();
    if (link.name().equals("lo")) {
      flags.add("LOOPBACK");
    } else {
      flags.add("BROADCAST");
      flags.add("MULTICAST");
    }
    if (link.up()) {
      flags.add("UP");
      flags.add("LOWER_UP");
    }
    return String.join(",", flags);
  }

  private static String state(Link link) {
    if (!link.up()) {
      return "DOWN";
    }
    // The loopback device has no operational state of its own: iproute2 says UNKNOWN.
    return link.name().equals("lo") ? "UNKNOWN" : "UP";
  }

  private static String linkLayer(Link link) {
    if (link.name().equals("lo")) {
      return "link/loopback " + ZERO_MAC + " brd " + ZERO_MAC;
    }
    return link.macAddress()
        .map(mac -> "link/ether " + mac + " brd " + BROADCAST_MAC)
        .orElse("link/none");
  }

  private Optional<String> master(NamespaceHandle ns, Link link) {
    if (link.master().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(nameOf(ns, link.master().getAsInt()));
  }

  private String nameOf(NamespaceHandle ns, int index) {
    return kernel.links(ns).get(index).map(Link::name).orElse("if" + index);
  }

  private Link device(NamespaceHandle ns, String name) {
    return kernel.links(ns).list().stream()
        .filter(l -> l.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new TourException("Device \"" + name + "\" does not exist."));
  }

  /** The address a kernel prefix route was made for: same device, same network. */
  private static Optional<AddressEntry> kernelSource(
      Route route, int device, List<AddressEntry> addresses) {
    if (route.gateway().isPresent()) {
      return Optional.empty();
    }
    return addresses.stream()
        .filter(a -> a.index() == device && a.prefix().network().equals(route.destination()))
        .findFirst();
  }

  private static String scope(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return "host";
    }
    return address.isLinkLocalAddress() ? "link" : "global";
  }
}
