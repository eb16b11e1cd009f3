package io.netmodel.testkit.kernel;

import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.ForwardingEntry;
import io.netmodel.core.kernel.Neighbour;
import io.netmodel.core.kernel.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One network namespace of the fake kernel: its links by index, addresses, main-table
 * routes, sysctls, neighbour and forwarding entries, netmodel's firewall rules and published
 * ports, the host ports its sockets hold. Mutable
 * under the kernel's lock.
 */
final class NetNamespace {
  final NamespaceId id;
  /** The name it is mounted under in the netns directory, while it is. */
  Optional<String> name;
  /** Open handles; with the mount, what keeps the namespace alive. */
  int references;
  boolean alive = true;

  final TreeMap<Integer, LinkState> links = new TreeMap<>();
  /** The ifindex allocator's cursor: the kernel allocates cyclically, never reusing at once. */
  int lastIndex;
  final List<AddressEntry> addresses = new ArrayList<>();
  final List<RouteEntry> routes = new ArrayList<>();
  final Map<String, String> sysctls = new TreeMap<>();
  final List<Neighbour> neighbours = new ArrayList<>();
  final List<ForwardingEntry> forwarding = new ArrayList<>();
  /** netmodel's firewall rules, by network name. */
  final TreeMap<String, Firewall.BridgeRules> firewall = new TreeMap<>();
  /** netmodel's published ports, by endpoint key. */
  final TreeMap<String, Firewall.PortRules> publications = new TreeMap<>();
  /** Host ports held by bound sockets, in the order they were bound. */
  final List<FakePorts.Held> heldPorts = new ArrayList<>();

  NetNamespace(NamespaceId id, Optional<String> name) {
    this.id = id;
    this.name = name;
  }

  /** A route with whether the kernel made it (a prefix route of an address). */
  record RouteEntry(Route route, boolean kernel) {}

  Optional<LinkState> link(String linkName) {
    for (LinkState link : links.values()) {
      if (link.name.equals(linkName)) {
        return Optional.of(link);
      }
    }
    return Optional.empty();
  }

  Optional<LinkState> link(int index) {
    return Optional.ofNullable(links.get(index));
  }

  /** The next free index after the cursor, or {@code wanted} when it is free. */
  int allocateIndex(int wanted) {
    if (wanted > 0 && !links.containsKey(wanted)) {
      return wanted;
    }
    int candidate = lastIndex + 1;
    while (links.containsKey(candidate)) {
      candidate++;
    }
    lastIndex = candidate;
    return candidate;
  }

  @Override
  public String toString() {
    return "netns " + name.orElse(id.toString());
  }
}
