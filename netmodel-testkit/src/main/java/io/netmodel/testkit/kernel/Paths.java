package io.netmodel.testkit.kernel;

import io.netmodel.api.net.IpAddresses;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.LinkKind;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Route;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a packet through the fake kernel's namespaces: the local table, the main table's
 * longest matching route, the layer-2 segment of the output link (veth wires and bridges),
 * the neighbour that owns the next hop, forwarding in each namespace it crosses; then the
 * reply, the same way back. Called under the kernel's lock.
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
    Outcome there = follow(from, to, path);
    if (!there.arrived()) {
      return new Reachability(false, Optional.empty(), path, there.reason());
    }
    InetAddress source = there.source().orElse(to);
    path.add("the reply from " + name(there.at()) + " to " + IpAddresses.toString(source) + ":");
    Outcome back = follow(there.at(), source, path);
    if (!back.arrived() || back.at() != from) {
      String why = back.arrived() ? "it is delivered in " + name(back.at()) + " instead" : back.reason();
      return new Reachability(
          false, Optional.of(there.at().id), path, "no way back from " + name(there.at()) + ": " + why);
    }
    return new Reachability(true, Optional.of(there.at().id), path, "reached " + name(there.at()));
  }

  /** Where a packet ended: delivered in {@code at}, or stopped for {@code reason}. */
  private record Outcome(
      boolean arrived, NetNamespace at, Optional<InetAddress> source, String reason) {}

  private Outcome follow(NetNamespace start, InetAddress to, List<String> path) {
    NetNamespace ns = start;
    Optional<InetAddress> source = Optional.empty();
    String target = IpAddresses.toString(to);
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      if (isLocal(ns, to)) {
        path.add(name(ns) + ": " + target + " is local");
        return new Outcome(true, ns, source.or(() -> Optional.of(to)), "delivered");
      }
      if (ns != start && !forwards(ns, to)) {
        String key = KernelState.isIpv4(to) ? "net.ipv4.ip_forward" : "net.ipv6.conf.all.forwarding";
        return new Outcome(
            false, ns, source, name(ns) + " does not forward (" + key + " is not 1)");
      }
      Optional<Route> found = lookup(ns, to);
      if (found.isEmpty()) {
        return new Outcome(
            false, ns, source, name(ns) + " has no route to " + target + " (Network is unreachable)");
      }
      Route route = found.get();
      LinkState out = ns.links.get(route.device().orElseThrow());
      path.add(name(ns) + ": " + describe(route, out));
      InetAddress nextHop = route.gateway().orElse(to);
      if (source.isEmpty()) {
        source = sourceAddress(ns, out, to);
      }
      Optional<LinkState> neighbour = neighbourOwning(out, nextHop);
      if (neighbour.isEmpty()) {
        return new Outcome(
            false,
            ns,
            source,
            "no neighbour on " + out.name + "'s segment owns " + IpAddresses.toString(nextHop)
                + " (Destination Host Unreachable)");
      }
      LinkState in = neighbour.get();
      path.add(
          name(ns) + ": " + out.name + " reaches " + name(in.namespace) + "'s " + in.name + " ("
              + IpAddresses.toString(nextHop) + ")");
      ns = in.namespace;
    }
    return new Outcome(false, ns, source, "more than " + MAX_HOPS + " hops (a routing loop?)");
  }

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
        .filter(r -> r.destination().contains(to) && r.destination().isIpv4() == KernelState.isIpv4(to))
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
  private Optional<LinkState> neighbourOwning(LinkState out, InetAddress address) {
    for (LinkState member : segment(out)) {
      for (AddressEntry a : member.namespace.addresses) {
        if (a.index() == member.index && a.prefix().address().equals(address)) {
          return Optional.of(member);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The interfaces a frame sent on {@code out} arrives at, as layer-3 endpoints: the far end
   * of a veth, or, where that end is a bridge port, the bridge itself and every other port's
   * far end. Down links carry nothing.
   */
  Set<LinkState> segment(LinkState out) {
    Set<LinkState> members = new LinkedHashSet<>();
    Set<LinkState> seen = new LinkedHashSet<>();
    if (!out.up) {
      return members;
    }
    seen.add(out);
    if (out.kind == LinkKind.BRIDGE) {
      for (LinkState port : ports(out)) {
        if (port.up) {
          seen.add(port);
          wire(port, members, seen);
        }
      }
    } else {
      wire(out, members, seen);
    }
    members.remove(out);
    return members;
  }

  private void wire(LinkState sender, Set<LinkState> members, Set<LinkState> seen) {
    if (sender.kind == LinkKind.VETH && sender.peer != null) {
      receive(sender.peer, members, seen);
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
            members.add(sibling);
          }
        }
      }
      if (sender.parent.up) {
        seen.add(sender.parent);
        wire(sender.parent, members, seen);
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

  private void receive(LinkState link, Set<LinkState> members, Set<LinkState> seen) {
    if (!link.up || !seen.add(link)) {
      return;
    }
    for (LinkState child : children(link)) {
      if (child.up && seen.add(child)) {
        members.add(child);
      }
    }
    LinkState bridge = link.master;
    if (bridge == null) {
      members.add(link);
      return;
    }
    if (!bridge.up || !seen.add(bridge)) {
      return;
    }
    members.add(bridge);
    for (LinkState port : ports(bridge)) {
      if (port != link && port.up && seen.add(port)) {
        wire(port, members, seen);
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
