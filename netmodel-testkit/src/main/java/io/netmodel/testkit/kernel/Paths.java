package io.netmodel.testkit.kernel;

import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.Protocol;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.LinkKind;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Route;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Follows a packet through the fake kernel's namespaces: the local table, the main table's
 * longest matching route, the layer-2 segment of the output link (veth wires and bridges),
 * the neighbour that owns the next hop, forwarding in each namespace it crosses, and
 * netmodel's firewall there: the destination NAT of published ports (prerouting for a packet
 * that arrives, local output for one the namespace sends), isolation, internal networks, ICC,
 * direct access, masquerade, the hairpin masquerade of published ports; then the reply, the
 * same way back, undoing each NAT in the namespace that made it. netmodel's filter rules look
 * at connection state only as nf_tables' {@code ct status dnat} does (a connection a
 * published port made passes isolation both ways) and as the direct-access rule does (it
 * judges new connections only); masquerade is for new connections, and the reply is never
 * masqueraded. Called under the kernel's lock.
 */
final class Paths {
  private static final int MAX_HOPS = 16;

  private final Collection<NetNamespace> namespaces;
  private final NetNamespace host;

  /**
   * @param namespaces every live namespace of the kernel
   * @param host the host namespace, named "host" in the answers
   */
  Paths(Collection<NetNamespace> namespaces, NetNamespace host) {
    this.namespaces = namespaces;
    this.host = host;
  }

  private String name(NetNamespace ns) {
    return ns == host ? "host" : ns.toString();
  }

  /** A port and its protocol: what a question about a service names. */
  record Service(int port, Protocol protocol) {}

  /** Whether a packet from {@code from} to {@code to} (no port: no NAT of ports) is answered. */
  Reachability reach(NetNamespace from, InetAddress to) {
    return reach(from, to, Optional.empty());
  }

  /** Whether a connection from {@code from} to {@code to}, at {@code service} if given, is answered. */
  Reachability reach(NetNamespace from, InetAddress to, Optional<Service> service) {
    List<String> path = new ArrayList<>();
    Connection connection = new Connection(service.map(Service::protocol));
    OptionalInt port = service.map(s -> OptionalInt.of(s.port())).orElse(OptionalInt.empty());
    Outcome there = follow(from, to, port, false, connection, path);
    if (!there.arrived()) {
      return new Reachability(false, Optional.empty(), OptionalInt.empty(), path, there.reason());
    }
    InetAddress source = there.source().orElse(to);
    path.add("the reply from " + name(there.at()) + " to " + IpAddresses.toString(source) + ":");
    Outcome back = follow(there.at(), source, OptionalInt.empty(), true, connection, path);
    Optional<NamespaceId> reached = Optional.of(there.at().id);
    if (!back.arrived() || back.at() != from) {
      String why =
          back.arrived() ? "it is delivered in " + name(back.at()) + " instead" : back.reason();
      return new Reachability(false, reached, there.port(), path,
          "no way back from " + name(there.at()) + ": " + why);
    }
    for (Dnat dnat : connection.dnats) {
      if (!connection.undone.contains(dnat)) {
        return new Reachability(false, reached, there.port(), path,
            "no way back from " + name(there.at()) + ": the reply does not pass "
                + name(dnat.at()) + ", which DNATed the request, so it comes from "
                + endpoint(dnat.translated(), dnat.translatedPort()) + " instead of "
                + endpoint(dnat.original(), dnat.originalPort()));
      }
    }
    return new Reachability(true, reached, there.port(), path, "reached " + name(there.at()));
  }

  /**
   * Where a packet ended: delivered in {@code at} (at {@code port}, when it has one), or
   * stopped for {@code reason}.
   */
  private record Outcome(
      boolean arrived,
      NetNamespace at,
      Optional<InetAddress> source,
      OptionalInt port,
      String reason) {}

  /**
   * A masquerade made in {@code at}: {@code original} went out as {@code translated}, for the
   * rule named by {@code rule} ({@code "network a"}).
   */
  private record Nat(NetNamespace at, InetAddress translated, InetAddress original, String rule) {}

  /**
   * A destination NAT made in {@code at}: {@code original}:{@code originalPort} went on to
   * {@code translated}:{@code translatedPort}, by the ports of {@code rules}.
   */
  private record Dnat(
      NetNamespace at,
      InetAddress original,
      int originalPort,
      InetAddress translated,
      int translatedPort,
      Firewall.PortRules rules) {}

  /** One connection's protocol and translations, made on the way out and undone on the way back. */
  private static final class Connection {
    final Optional<Protocol> protocol;
    final List<Nat> nats = new ArrayList<>();
    final List<Dnat> dnats = new ArrayList<>();
    final List<Dnat> undone = new ArrayList<>();

    Connection(Optional<Protocol> protocol) {
      this.protocol = protocol;
    }

    Optional<Dnat> dnatIn(NetNamespace ns) {
      return dnats.stream().filter(d -> d.at() == ns).findFirst();
    }
  }

  /**
   * A link a frame arrives at, with the bridges it crossed from port to port to get there; the
   * port it entered by, when the link is a bridge; the port of the sending bridge it left by,
   * when it was sent out of a bridge.
   */
  private record Arrival(
      LinkState link, List<LinkState> bridges, Optional<LinkState> enteredBy,
      Optional<LinkState> leftBy) {}

  /**
   * Follows one packet to {@code to} ({@code port}, when the question names one). The first
   * namespace sends it; every later one has received it on a link and forwards it, and its
   * firewall filters it. A request ({@code reply} false) may be destination-NATed and
   * masqueraded and records it in {@code connection}; a reply has them undone.
   */
  private Outcome follow(NetNamespace start, InetAddress to, OptionalInt port, boolean reply,
      Connection connection, List<String> path) {
    NetNamespace ns = start;
    InetAddress destination = to;
    OptionalInt destinationPort = port;
    Optional<LinkState> arrivedOn = Optional.empty();
    Optional<LinkState> enteredBy = Optional.empty();
    Optional<InetAddress> source = Optional.empty();
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      if (reply) {
        Optional<Nat> nat = natOf(connection.nats, ns, destination);
        if (nat.isPresent()) {
          destination = nat.get().original();
          path.add(name(ns) + ": " + IpAddresses.toString(nat.get().translated())
              + " is de-masqueraded back to " + IpAddresses.toString(destination)
              + " (" + nat.get().rule() + ")");
        }
        for (Dnat dnat : connection.dnats) {
          if (dnat.at() == ns && !connection.undone.contains(dnat)) {
            connection.undone.add(dnat);
            path.add(name(ns) + ": the reply from "
                + endpoint(dnat.translated(), dnat.translatedPort()) + " is un-DNATed to come from "
                + endpoint(dnat.original(), dnat.originalPort()));
          }
        }
        if (arrivedOn.isPresent() && isIpv4Loopback(destination)
            && !routeLocalnet(ns, arrivedOn.get())) {
          return new Outcome(false, ns, source, destinationPort, name(ns) + ": "
              + IpAddresses.toString(destination) + " arriving on " + arrivedOn.get().name
              + " is a martian destination (" + localnetKey(arrivedOn.get()) + " is not 1)");
        }
      } else if (destinationPort.isPresent() && connection.protocol.isPresent()
          && connection.dnatIn(ns).isEmpty() && isLocal(ns, destination)) {
        int asked = destinationPort.getAsInt();
        Optional<Map.Entry<Firewall.PortRules, Firewall.PublishedPort>> published = published(
            ns, destination, asked, connection.protocol.get(), arrivedOn.isEmpty());
        if (published.isPresent()) {
          Firewall.PublishedPort p = published.get().getValue();
          Dnat dnat = new Dnat(ns, destination, asked, p.sandboxAddress(), p.sandboxPort(),
              published.get().getKey());
          connection.dnats.add(dnat);
          if (arrivedOn.isEmpty()) {
            // The route first found for a local address gave the address itself as source.
            source = Optional.of(destination);
          }
          path.add(name(ns) + ": " + endpoint(destination, asked) + "/" + p.protocol()
              + " is DNATed to " + endpoint(p.sandboxAddress(), p.sandboxPort())
              + " (endpoint " + dnat.rules().endpoint() + ")");
          destination = p.sandboxAddress();
          destinationPort = OptionalInt.of(p.sandboxPort());
        }
      }
      String target = IpAddresses.toString(destination);
      if (isLocal(ns, destination)) {
        InetAddress local = destination;
        path.add(name(ns) + ": " + target + " is local");
        return new Outcome(
            true, ns, source.or(() -> Optional.of(local)), destinationPort, "delivered");
      }
      if (arrivedOn.isPresent() && !forwards(ns, destination)) {
        String key = KernelState.isIpv4(destination)
            ? "net.ipv4.ip_forward"
            : "net.ipv6.conf.all.forwarding";
        return new Outcome(false, ns, source, destinationPort,
            name(ns) + " does not forward (" + key + " is not 1)");
      }
      Optional<Route> found = lookup(ns, destination);
      if (found.isEmpty()) {
        return new Outcome(false, ns, source, destinationPort,
            name(ns) + " has no route to " + target + " (Network is unreachable)");
      }
      Route route = found.get();
      LinkState out = ns.links.get(route.device().orElseThrow());
      path.add(name(ns) + ": " + describe(route, out));
      InetAddress nextHop = route.gateway().orElse(destination);
      if (source.isEmpty()) {
        source = sourceAddress(ns, out, destination);
      }
      if (arrivedOn.isEmpty() && source.isPresent() && isIpv4Loopback(source.get())
          && !out.isLoopback() && !routeLocalnet(ns, out)) {
        return new Outcome(false, ns, source, destinationPort, name(ns) + ": a packet from "
            + IpAddresses.toString(source.get()) + " may not leave through " + out.name + " ("
            + localnetKey(out) + " is not 1; Invalid argument)");
      }
      Optional<Dnat> dnatHere = connection.dnatIn(ns);
      if (arrivedOn.isPresent()) {
        Optional<String> dropped = filter(ns, arrivedOn.get(), out, reply, dnatHere.isPresent());
        if (dropped.isPresent()) {
          return new Outcome(false, ns, source, destinationPort, dropped.get());
        }
      }
      if (!reply && source.isPresent()) {
        Optional<String> rule = Optional.empty();
        if (dnatHere.isPresent()
            && dnatHere.get().rules().bridge().value().equals(out.name)
            && (onSubnetsOf(ns, out, source.get()) || isLocal(ns, source.get()))) {
          rule = Optional.of("hairpin of endpoint " + dnatHere.get().rules().endpoint());
        } else if (arrivedOn.isPresent()) {
          rule = masquerading(ns, out, source.get()).map(r -> "network " + r.network());
        }
        if (rule.isPresent()) {
          InetAddress original = source.get();
          Optional<InetAddress> translated = masqueradeAddress(ns, out, nextHop);
          if (translated.isEmpty()) {
            return new Outcome(false, ns, source, destinationPort, name(ns)
                + ": masquerade finds no " + (KernelState.isIpv4(nextHop) ? "IPv4" : "IPv6")
                + " address on " + out.name + " (the packet is dropped)");
          }
          connection.nats.add(new Nat(ns, translated.get(), original, rule.get()));
          source = translated;
          path.add(name(ns) + ": masquerade " + IpAddresses.toString(original) + " as "
              + IpAddresses.toString(translated.get()) + " out of " + out.name + " ("
              + rule.get() + ")");
        }
      }
      Optional<Arrival> neighbour = neighbourOwning(out, nextHop);
      if (neighbour.isEmpty()) {
        return new Outcome(false, ns, source, destinationPort,
            "no neighbour on " + out.name + "'s segment owns " + IpAddresses.toString(nextHop)
                + " (Destination Host Unreachable)");
      }
      if (dnatHere.isPresent() && arrivedOn.isPresent() && arrivedOn.get() == out
          && enteredBy.isPresent() && neighbour.get().leftBy().equals(enteredBy)) {
        Optional<String> refused = hairpinFilter(ns, out, enteredBy.get(), destination);
        if (refused.isPresent()) {
          return new Outcome(false, ns, source, destinationPort, refused.get());
        }
      }
      LinkState in = neighbour.get().link();
      Optional<String> bridged = iccFilter(neighbour.get().bridges());
      if (bridged.isPresent()) {
        return new Outcome(false, ns, source, destinationPort, bridged.get());
      }
      path.add(
          name(ns) + ": " + out.name + " reaches " + name(in.namespace) + "'s " + in.name + " ("
              + IpAddresses.toString(nextHop) + ")");
      ns = in.namespace;
      arrivedOn = Optional.of(in);
      enteredBy = neighbour.get().enteredBy();
    }
    return new Outcome(false, ns, source, destinationPort,
        "more than " + MAX_HOPS + " hops (a routing loop?)");
  }

  private static Optional<Nat> natOf(List<Nat> nats, NetNamespace ns, InetAddress to) {
    for (int i = nats.size() - 1; i >= 0; i--) {
      Nat nat = nats.get(i);
      if (nat.at() == ns && nat.translated().equals(to)) {
        return Optional.of(nat);
      }
    }
    return Optional.empty();
  }

  /** {@code 172.17.0.2:80}, {@code [fd00::2]:80}. */
  private static String endpoint(InetAddress address, int port) {
    String text = IpAddresses.toString(address);
    return (KernelState.isIpv4(address) ? text : "[" + text + "]") + ":" + port;
  }

  // ---- netmodel's firewall -----------------------------------------------------------------

  /**
   * The published port of {@code ns} a new connection to local {@code address}:{@code port}
   * ({@code protocol}) matches, with its endpoint's rules: one on that address or on every
   * address of the family. A loopback address matches only a connection the namespace makes
   * itself ({@code output}), and only an IPv4 port on every address or on that address; the
   * smallest endpoint key wins when several match.
   */
  private static Optional<Map.Entry<Firewall.PortRules, Firewall.PublishedPort>> published(
      NetNamespace ns, InetAddress address, int port, Protocol protocol, boolean output) {
    boolean v4 = KernelState.isIpv4(address);
    for (Firewall.PortRules rules : ns.publications.values()) {
      for (Firewall.PublishedPort p : rules.ports()) {
        if (p.protocol() != protocol || p.hostPort() != port || p.isIpv4() != v4) {
          continue;
        }
        Optional<InetAddress> on = p.hostIp().filter(ip -> !ip.isAnyLocalAddress());
        if (address.isLoopbackAddress() && (!output || !v4)) {
          continue;
        }
        if (on.isPresent() && !on.get().equals(address)) {
          continue;
        }
        return Optional.of(Map.entry(rules, p));
      }
    }
    return Optional.empty();
  }

  /** The network whose bridge {@code link} is, by name as nf_tables' iifname/oifname match. */
  private static Optional<Firewall.BridgeRules> networkOf(NetNamespace ns, LinkState link) {
    for (Firewall.BridgeRules rules : ns.firewall.values()) {
      if (rules.bridge().value().equals(link.name)) {
        return Optional.of(rules);
      }
    }
    return Optional.empty();
  }

  /**
   * Why {@code ns}'s firewall drops a packet it routes from {@code iif} to {@code oif}: ICC
   * off for one routed back out of the bridge it came in on, isolation between networks
   * (unless a published port of {@code ns} destination-NATed the connection), internal
   * networks, and the direct-access rule for a new connection into a network's bridge from
   * elsewhere that no published port destination-NATed; empty when it lets it through.
   */
  private Optional<String> filter(
      NetNamespace ns, LinkState iif, LinkState oif, boolean reply, boolean dnated) {
    Optional<Firewall.BridgeRules> from = networkOf(ns, iif);
    Optional<Firewall.BridgeRules> into = networkOf(ns, oif);
    if (from.isPresent() && iif == oif && !from.get().icc()) {
      return Optional.of(iccDropped(ns, from.get(), iif));
    }
    if (from.isPresent() && into.isPresent() && !iif.name.equals(oif.name) && !dnated) {
      return Optional.of(name(ns) + ": dropped by netmodel's isolation of networks "
          + from.get().network() + " and " + into.get().network() + " (" + iif.name + " to "
          + oif.name + ")");
    }
    for (Firewall.BridgeRules rules : ns.firewall.values()) {
      String bridge = rules.bridge().value();
      if (rules.internal() && iif.name.equals(bridge) != oif.name.equals(bridge)) {
        return Optional.of(name(ns) + ": dropped: network " + rules.network()
            + " is internal (nothing is routed into or out of " + bridge + ")");
      }
    }
    if (!reply && !dnated && into.isPresent() && !into.get().internal()
        && !iif.name.equals(oif.name)) {
      return Optional.of(name(ns) + ": dropped by netmodel's direct-access rule: a new"
          + " connection from " + iif.name + " into " + oif.name + " (network "
          + into.get().network() + ") reaches a sandbox only through a published port");
    }
    return Optional.empty();
  }

  /**
   * Why a destination-NATed frame that must leave {@code bridge} by {@code port}, the port it
   * came in by, is dropped, if it is: with br_netfilter calling the ip hooks for bridged
   * frames, the NATed frame stays in the bridge and goes back out of its port only in hairpin
   * mode; without it, the packet is routed and sent by the bridge device itself.
   */
  private Optional<String> hairpinFilter(
      NetNamespace ns, LinkState bridge, LinkState port, InetAddress destination) {
    String key = KernelState.isIpv4(destination)
        ? "bridge/bridge-nf-call-iptables"
        : "bridge/bridge-nf-call-ip6tables";
    if (port.hairpin || !"1".equals(ns.sysctls.get(key))) {
      return Optional.empty();
    }
    return Optional.of(name(ns) + ": dropped: the DNATed frame must go back out of " + port.name
        + ", the port of " + bridge.name + " it came in by, and hairpin mode is off there (net."
        + key.replace('/', '.') + " is 1)");
  }

  /**
   * Why a frame that crossed {@code bridges} from port to port was dropped, if it was: a
   * bridge's namespace filters bridged frames as coming in and going out through the bridge
   * (br_netfilter, which the Linux port turns on for ICC off).
   */
  private Optional<String> iccFilter(List<LinkState> bridges) {
    for (LinkState bridge : bridges) {
      Optional<Firewall.BridgeRules> network = networkOf(bridge.namespace, bridge);
      if (network.isPresent() && !network.get().icc()) {
        return Optional.of(iccDropped(bridge.namespace, network.get(), bridge));
      }
    }
    return Optional.empty();
  }

  private String iccDropped(NetNamespace ns, Firewall.BridgeRules network, LinkState bridge) {
    return name(ns) + ": dropped: inter-container communication is off on network "
        + network.network() + " (between ports of " + bridge.name + ")";
  }

  /** The network whose masquerade rule matches a packet from {@code source} routed out of oif. */
  private static Optional<Firewall.BridgeRules> masquerading(
      NetNamespace ns, LinkState oif, InetAddress source) {
    if (!KernelState.isIpv4(source)) {
      return Optional.empty();
    }
    for (Firewall.BridgeRules rules : ns.firewall.values()) {
      if (rules.masquerade() && !rules.internal() && !rules.bridge().value().equals(oif.name)
          && rules.subnets().stream().anyMatch(s -> s.isIpv4() && s.contains(source))) {
        return Optional.of(rules);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code source} lies in a subnet of a network whose bridge is {@code bridge}. */
  private static boolean onSubnetsOf(NetNamespace ns, LinkState bridge, InetAddress source) {
    for (Firewall.BridgeRules rules : ns.firewall.values()) {
      if (rules.bridge().value().equals(bridge.name)
          && rules.subnets().stream().anyMatch(s -> s.contains(source))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The address masquerade gives a packet leaving through {@code oif}: as Linux chooses it,
   * an address of oif on the next hop's subnet, else oif's first address of the family (for
   * IPv6, not a link-local one).
   */
  private static Optional<InetAddress> masqueradeAddress(
      NetNamespace ns, LinkState oif, InetAddress nextHop) {
    boolean v4 = KernelState.isIpv4(nextHop);
    Optional<InetAddress> first = Optional.empty();
    for (AddressEntry a : ns.addresses) {
      if (a.index() != oif.index || a.prefix().isIpv4() != v4
          || (!v4 && a.prefix().address().isLinkLocalAddress())) {
        continue;
      }
      if (a.prefix().contains(nextHop)) {
        return Optional.of(a.prefix().address());
      }
      if (first.isEmpty()) {
        first = Optional.of(a.prefix().address());
      }
    }
    return first;
  }

  /** Whether {@code ns} lets 127.0.0.0/8 be routed through {@code link} (either directory). */
  private static boolean routeLocalnet(NetNamespace ns, LinkState link) {
    return "1".equals(ns.sysctls.get(Sysctl.IPV4_CONF + "all/route_localnet"))
        || "1".equals(ns.sysctls.get(Sysctl.IPV4_CONF + link.name + "/route_localnet"));
  }

  private static String localnetKey(LinkState link) {
    return "net.ipv4.conf." + link.name + ".route_localnet";
  }

  private static boolean isIpv4Loopback(InetAddress address) {
    return KernelState.isIpv4(address) && address.isLoopbackAddress();
  }

  // ---- routing -----------------------------------------------------------------------------

  private boolean isLocal(NetNamespace ns, InetAddress to) {
    for (AddressEntry a : ns.addresses) {
      LinkState link = ns.links.get(a.index());
      if (link == null || !link.up) {
        continue;
      }
      if (a.prefix().address().equals(to)) {
        return true;
      }
      if (link.isLoopback() && a.prefix().isIpv4() && to.isLoopbackAddress()
          && a.prefix().contains(to)) {
        return true;
      }
    }
    return false;
  }

  private boolean forwards(NetNamespace ns, InetAddress to) {
    String key = KernelState.isIpv4(to) ? "ipv4/ip_forward" : "ipv6/conf/all/forwarding";
    return "1".equals(ns.sysctls.get(key));
  }

  /** The main table's longest match out of an up link, lowest metric first among equals. */
  private Optional<Route> lookup(NetNamespace ns, InetAddress to) {
    return ns.routes.stream()
        .map(NetNamespace.RouteEntry::route)
        .filter(r -> r.destination().contains(to)
            && r.destination().isIpv4() == KernelState.isIpv4(to))
        .filter(r -> r.device().isPresent() && ns.links.containsKey(r.device().getAsInt()))
        .filter(r -> ns.links.get(r.device().getAsInt()).up)
        .max(
            Comparator.<Route>comparingInt(r -> r.destination().length())
                .thenComparing(r -> -r.metric().orElse(0)));
  }

  private String describe(Route route, LinkState out) {
    return route.destination()
        + route.gateway().map(g -> " via " + IpAddresses.toString(g)).orElse("")
        + " dev " + out.name;
  }

  /** The address a reply goes back to: the output link's first of the family, else any. */
  private Optional<InetAddress> sourceAddress(NetNamespace ns, LinkState out, InetAddress to) {
    boolean v4 = KernelState.isIpv4(to);
    Optional<InetAddress> onLink =
        ns.addresses.stream()
            .filter(a -> a.index() == out.index && a.prefix().isIpv4() == v4)
            .filter(a -> v4 || !a.prefix().address().isLinkLocalAddress())
            .map(a -> a.prefix().address())
            .findFirst();
    if (onLink.isPresent()) {
      return onLink;
    }
    return ns.addresses.stream()
        .filter(a -> a.prefix().isIpv4() == v4 && !a.prefix().address().isLoopbackAddress())
        .map(a -> a.prefix().address())
        .findFirst();
  }

  /** The link on {@code out}'s layer-2 segment that has {@code address}, if any. */
  private Optional<Arrival> neighbourOwning(LinkState out, InetAddress address) {
    for (Map.Entry<LinkState, Via> member : segment(out).entrySet()) {
      LinkState link = member.getKey();
      for (AddressEntry a : link.namespace.addresses) {
        if (a.index() == link.index && a.prefix().address().equals(address)) {
          Via via = member.getValue();
          return Optional.of(new Arrival(link, via.bridges(), via.enteredBy(), via.leftBy()));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * How a frame reached a member of a segment: the bridges it crossed from port to port, the
   * port it entered a bridge member by, the port of the sending bridge it left by.
   */
  private record Via(
      List<LinkState> bridges, Optional<LinkState> enteredBy, Optional<LinkState> leftBy) {}

  /**
   * The interfaces a frame sent on {@code out} arrives at, as layer-3 endpoints: the far end
   * of a veth, or, where that end is a bridge port, the bridge itself and every other port's
   * far end. Each comes with the bridges the frame crossed from one port to another on its
   * way (where a bridge's filter sees it) and the ports it used. Down links carry nothing.
   */
  private Map<LinkState, Via> segment(LinkState out) {
    Map<LinkState, Via> members = new LinkedHashMap<>();
    Set<LinkState> seen = new LinkedHashSet<>();
    if (!out.up) {
      return members;
    }
    seen.add(out);
    if (out.kind == LinkKind.BRIDGE) {
      for (LinkState port : ports(out)) {
        if (port.up) {
          seen.add(port);
          wire(port, List.of(), Optional.of(port), members, seen);
        }
      }
    } else {
      wire(out, List.of(), Optional.empty(), members, seen);
    }
    members.remove(out);
    return members;
  }

  private void wire(
      LinkState sender,
      List<LinkState> crossed,
      Optional<LinkState> leftBy,
      Map<LinkState, Via> members,
      Set<LinkState> seen) {
    if (sender.kind == LinkKind.VETH && sender.peer != null) {
      receive(sender.peer, crossed, leftBy, members, seen);
    } else if ((sender.kind == LinkKind.MACVLAN || sender.kind == LinkKind.IPVLAN)
        && sender.parent != null) {
      // Siblings in bridge mode get the frame inside the kernel; the rest leaves on the
      // parent's wire. The parent itself never sees its macvlans' traffic.
      if (sender.kind == LinkKind.IPVLAN || sender.macvlanMode == LinkSpec.MacvlanMode.BRIDGE) {
        for (LinkState sibling : children(sender.parent)) {
          if (sibling != sender && sibling.kind == sender.kind
              && (sibling.kind == LinkKind.IPVLAN
                  || sibling.macvlanMode == LinkSpec.MacvlanMode.BRIDGE)
              && sibling.up && seen.add(sibling)) {
            members.put(sibling, new Via(crossed, Optional.empty(), leftBy));
          }
        }
      }
      if (sender.parent.up) {
        seen.add(sender.parent);
        wire(sender.parent, crossed, leftBy, members, seen);
      }
    }
  }

  /** The macvlan and ipvlan devices on {@code parent}, in whichever namespace. */
  private List<LinkState> children(LinkState parent) {
    List<LinkState> children = new ArrayList<>();
    for (NetNamespace ns : namespaces) {
      for (LinkState link : ns.links.values()) {
        if (link.parent == parent
            && (link.kind == LinkKind.MACVLAN || link.kind == LinkKind.IPVLAN)) {
          children.add(link);
        }
      }
    }
    return children;
  }

  private void receive(
      LinkState link,
      List<LinkState> crossed,
      Optional<LinkState> leftBy,
      Map<LinkState, Via> members,
      Set<LinkState> seen) {
    if (!link.up || !seen.add(link)) {
      return;
    }
    for (LinkState child : children(link)) {
      if (child.up && seen.add(child)) {
        members.put(child, new Via(crossed, Optional.empty(), leftBy));
      }
    }
    LinkState bridge = link.master;
    if (bridge == null) {
      members.put(link, new Via(crossed, Optional.empty(), leftBy));
      return;
    }
    if (!bridge.up || !seen.add(bridge)) {
      return;
    }
    members.put(bridge, new Via(crossed, Optional.of(link), leftBy));
    List<LinkState> across = new ArrayList<>(crossed);
    across.add(bridge);
    for (LinkState port : ports(bridge)) {
      if (port != link && port.up && seen.add(port)) {
        wire(port, List.copyOf(across), leftBy, members, seen);
      }
    }
  }

  private List<LinkState> ports(LinkState bridge) {
    List<LinkState> ports = new ArrayList<>();
    for (LinkState link : bridge.namespace.links.values()) {
      if (link.master == bridge) {
        ports.add(link);
      }
    }
    return ports;
  }
}
