package io.netmodel.testkit.kernel;

import io.netmodel.api.net.IpAddresses;
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
import java.util.Set;

/**
 * Follows a packet through the fake kernel's namespaces: the local table, the main table's
 * longest matching route, the layer-2 segment of the output link (veth wires and bridges),
 * the neighbour that owns the next hop, forwarding in each namespace it crosses, and
 * netmodel's firewall rules there (isolation, internal networks, ICC, masquerade); then the
 * reply, the same way back, undoing each masquerade in the namespace that made it. netmodel's
 * filter rules do not look at connection state, so they judge the reply as they judge the
 * request; only masquerade is for new connections, and the reply is never masqueraded. Called
 * under the kernel's lock.
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

  Reachability reach(NetNamespace from, InetAddress to) {
    List<String> path = new ArrayList<>();
    List<Nat> nats = new ArrayList<>();
    Outcome there = follow(from, to, false, nats, path);
    if (!there.arrived()) {
      return new Reachability(false, Optional.empty(), path, there.reason());
    }
    InetAddress source = there.source().orElse(to);
    path.add("the reply from " + name(there.at()) + " to " + IpAddresses.toString(source) + ":");
    Outcome back = follow(there.at(), source, true, nats, path);
    if (!back.arrived() || back.at() != from) {
      String why =
          back.arrived() ? "it is delivered in " + name(back.at()) + " instead" : back.reason();
      return new Reachability(false, Optional.of(there.at().id), path,
          "no way back from " + name(there.at()) + ": " + why);
    }
    return new Reachability(true, Optional.of(there.at().id), path, "reached " + name(there.at()));
  }

  /** Where a packet ended: delivered in {@code at}, or stopped for {@code reason}. */
  private record Outcome(
      boolean arrived, NetNamespace at, Optional<InetAddress> source, String reason) {}

  /** A masquerade made in {@code at}: {@code original} went out as {@code translated}. */
  private record Nat(
      NetNamespace at, InetAddress translated, InetAddress original, String network) {}

  /** A link a frame arrives at, with the bridges it crossed from port to port to get there. */
  private record Arrival(LinkState link, List<LinkState> bridges) {}

  /**
   * Follows one packet to {@code to}. The first namespace sends it; every later one has
   * received it on a link and forwards it, and its firewall filters it. A request ({@code
   * reply} false) may be masqueraded and records it in {@code nats}; a reply has them undone.
   */
  private Outcome follow(
      NetNamespace start, InetAddress to, boolean reply, List<Nat> nats, List<String> path) {
    NetNamespace ns = start;
    InetAddress destination = to;
    Optional<LinkState> arrivedOn = Optional.empty();
    Optional<InetAddress> source = Optional.empty();
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      if (reply) {
        Optional<Nat> nat = natOf(nats, ns, destination);
        if (nat.isPresent()) {
          destination = nat.get().original();
          path.add(name(ns) + ": " + IpAddresses.toString(nat.get().translated())
              + " is de-masqueraded back to " + IpAddresses.toString(destination)
              + " (network " + nat.get().network() + ")");
        }
      }
      String target = IpAddresses.toString(destination);
      if (isLocal(ns, destination)) {
        InetAddress local = destination;
        path.add(name(ns) + ": " + target + " is local");
        return new Outcome(true, ns, source.or(() -> Optional.of(local)), "delivered");
      }
      if (arrivedOn.isPresent() && !forwards(ns, destination)) {
        String key = KernelState.isIpv4(destination)
            ? "net.ipv4.ip_forward"
            : "net.ipv6.conf.all.forwarding";
        return new Outcome(
            false, ns, source, name(ns) + " does not forward (" + key + " is not 1)");
      }
      Optional<Route> found = lookup(ns, destination);
      if (found.isEmpty()) {
        return new Outcome(false, ns, source,
            name(ns) + " has no route to " + target + " (Network is unreachable)");
      }
      Route route = found.get();
      LinkState out = ns.links.get(route.device().orElseThrow());
      path.add(name(ns) + ": " + describe(route, out));
      InetAddress nextHop = route.gateway().orElse(destination);
      if (source.isEmpty()) {
        source = sourceAddress(ns, out, destination);
      }
      if (arrivedOn.isPresent()) {
        Optional<String> dropped = filter(ns, arrivedOn.get(), out);
        if (dropped.isPresent()) {
          return new Outcome(false, ns, source, dropped.get());
        }
      }
      if (arrivedOn.isPresent() && !reply) {
        Optional<Firewall.BridgeRules> masquerading =
            source.isEmpty() ? Optional.empty() : masquerading(ns, out, source.get());
        if (masquerading.isPresent()) {
          InetAddress original = source.get();
          Optional<InetAddress> translated = masqueradeAddress(ns, out, nextHop);
          if (translated.isEmpty()) {
            return new Outcome(false, ns, source, name(ns)
                + ": masquerade finds no IPv4 address on " + out.name + " (the packet is dropped)");
          }
          String network = masquerading.get().network();
          nats.add(new Nat(ns, translated.get(), original, network));
          source = translated;
          path.add(name(ns) + ": masquerade " + IpAddresses.toString(original) + " as "
              + IpAddresses.toString(translated.get()) + " out of " + out.name + " (network "
              + network + ")");
        }
      }
      Optional<Arrival> neighbour = neighbourOwning(out, nextHop);
      if (neighbour.isEmpty()) {
        return new Outcome(
            false,
            ns,
            source,
            "no neighbour on " + out.name + "'s segment owns " + IpAddresses.toString(nextHop)
                + " (Destination Host Unreachable)");
      }
      LinkState in = neighbour.get().link();
      Optional<String> bridged = iccFilter(neighbour.get().bridges());
      if (bridged.isPresent()) {
        return new Outcome(false, ns, source, bridged.get());
      }
      path.add(
          name(ns) + ": " + out.name + " reaches " + name(in.namespace) + "'s " + in.name + " ("
              + IpAddresses.toString(nextHop) + ")");
      ns = in.namespace;
      arrivedOn = Optional.of(in);
    }
    return new Outcome(false, ns, source, "more than " + MAX_HOPS + " hops (a routing loop?)");
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

  // ---- netmodel's firewall -----------------------------------------------------------------

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
   * Why {@code ns}'s firewall drops a packet it routes from {@code iif} to {@code oif}:
   * isolation between networks, internal networks, ICC off for one routed back out of the
   * bridge it came in on; empty when it lets it through.
   */
  private Optional<String> filter(NetNamespace ns, LinkState iif, LinkState oif) {
    Optional<Firewall.BridgeRules> from = networkOf(ns, iif);
    Optional<Firewall.BridgeRules> into = networkOf(ns, oif);
    if (from.isPresent() && iif == oif && !from.get().icc()) {
      return Optional.of(iccDropped(ns, from.get(), iif));
    }
    if (from.isPresent() && into.isPresent() && !iif.name.equals(oif.name)) {
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
    return Optional.empty();
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

  /**
   * The address masquerade gives a packet leaving through {@code oif}: as Linux chooses it,
   * an address of oif on the next hop's subnet, else oif's first IPv4 address.
   */
  private static Optional<InetAddress> masqueradeAddress(
      NetNamespace ns, LinkState oif, InetAddress nextHop) {
    Optional<InetAddress> first = Optional.empty();
    for (AddressEntry a : ns.addresses) {
      if (a.index() != oif.index || !a.prefix().isIpv4()) {
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
    for (Map.Entry<LinkState, List<LinkState>> member : segment(out).entrySet()) {
      LinkState link = member.getKey();
      for (AddressEntry a : link.namespace.addresses) {
        if (a.index() == link.index && a.prefix().address().equals(address)) {
          return Optional.of(new Arrival(link, member.getValue()));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The interfaces a frame sent on {@code out} arrives at, as layer-3 endpoints: the far end
   * of a veth, or, where that end is a bridge port, the bridge itself and every other port's
   * far end. Each comes with the bridges the frame crossed from one port to another on its
   * way (where a bridge's filter sees it). Down links carry nothing.
   */
  Map<LinkState, List<LinkState>> segment(LinkState out) {
    Map<LinkState, List<LinkState>> members = new LinkedHashMap<>();
    Set<LinkState> seen = new LinkedHashSet<>();
    if (!out.up) {
      return members;
    }
    seen.add(out);
    if (out.kind == LinkKind.BRIDGE) {
      for (LinkState port : ports(out)) {
        if (port.up) {
          seen.add(port);
          wire(port, List.of(), members, seen);
        }
      }
    } else {
      wire(out, List.of(), members, seen);
    }
    members.remove(out);
    return members;
  }

  private void wire(
      LinkState sender,
      List<LinkState> crossed,
      Map<LinkState, List<LinkState>> members,
      Set<LinkState> seen) {
    if (sender.kind == LinkKind.VETH && sender.peer != null) {
      receive(sender.peer, crossed, members, seen);
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
            members.put(sibling, crossed);
          }
        }
      }
      if (sender.parent.up) {
        seen.add(sender.parent);
        wire(sender.parent, crossed, members, seen);
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
      Map<LinkState, List<LinkState>> members,
      Set<LinkState> seen) {
    if (!link.up || !seen.add(link)) {
      return;
    }
    for (LinkState child : children(link)) {
      if (child.up && seen.add(child)) {
        members.put(child, crossed);
      }
    }
    LinkState bridge = link.master;
    if (bridge == null) {
      members.put(link, crossed);
      return;
    }
    if (!bridge.up || !seen.add(bridge)) {
      return;
    }
    members.put(bridge, crossed);
    List<LinkState> across = new ArrayList<>(crossed);
    across.add(bridge);
    for (LinkState port : ports(bridge)) {
      if (port != link && port.up && seen.add(port)) {
        wire(port, List.copyOf(across), members, seen);
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
