package io.netmodel.testkit.kernel;

import io.netmodel.api.ConflictException;
import io.netmodel.api.NotFoundException;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.MacAddress;
import io.netmodel.core.kernel.Namespaces;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.KernelFeature;
import io.netmodel.core.kernel.LinkKind;
import io.netmodel.core.kernel.Route;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the fake kernel holds, and the changes that span namespaces or objects: creating
 * and destroying namespaces, destroying links with what depends on them, links going up and
 * down with the addresses and routes the kernel adds and flushes. Every method runs under
 * this object's lock, as rtnetlink runs under the RTNL lock.
 */
final class KernelState {
  /** The device number of nsfs, as {@code stat} reports it for namespace files. */
  static final long NSFS_DEVICE = 4;
  /** The inode of the first network namespace, as Linux numbers it. */
  static final long INIT_NET_INODE = 4026531840L;
  /** Loopback's MTU, and the default of Ethernet-like devices. */
  static final int LOOPBACK_MTU = 65536;
  static final int ETHERNET_MTU = 1500;
  /** IPv6 route metrics: kernel prefix routes and routes added without a metric. */
  static final int IP6_RT_PRIO_ADDRCONF = 256;
  static final int IP6_RT_PRIO_USER = 1024;

  private static final IpPrefix LOOPBACK4 = IpPrefix.parse("127.0.0.1/8");
  private static final IpPrefix LOOPBACK6 = IpPrefix.parse("::1/128");
  private static final IpPrefix LINK_LOCAL6 = IpPrefix.parse("fe80::/64");

  final Path directory;
  final Set<KernelFeature> features;
  private final Random random;
  private final Map<NamespaceId, NetNamespace> alive = new HashMap<>();
  private final Map<String, NetNamespace> named = new TreeMap<>();
  private long lastInode = INIT_NET_INODE;
  final NetNamespace host;

  KernelState(Path directory, Set<KernelFeature> features, long seed, boolean hostLoopbackUp) {
    this.directory = directory;
    this.features = Set.copyOf(features);
    this.random = new Random(seed);
    this.host = newNamespace(Optional.empty(), INIT_NET_INODE);
    host.references = 1; // the host is never destroyed
    if (hostLoopbackUp) {
      setUp(host.links.get(1), true);
      settle();
    }
  }

  // ---- namespaces ------------------------------------------------------------------------

  synchronized NetNamespace create(String name) {
    checkNamespaceName(name);
    if (named.containsKey(name)) {
      throw new ConflictException(
          "network namespace already exists: " + name + " (" + directory.resolve(name) + ")");
    }
    lastInode += lastInode == INIT_NET_INODE ? 160 : 1;
    NetNamespace ns = newNamespace(Optional.of(name), lastInode);
    named.put(name, ns);
    return ns;
  }

  synchronized Optional<NetNamespace> named(String name) {
    checkNamespaceName(name);
    return Optional.ofNullable(named.get(name));
  }

  synchronized List<String> names() {
    return List.copyOf(named.keySet());
  }

  /** Unmounts a named namespace; it is destroyed once no handle holds it. */
  synchronized boolean unmount(String name) {
    checkNamespaceName(name);
    NetNamespace ns = named.remove(name);
    if (ns == null) {
      return false;
    }
    ns.name = Optional.empty();
    destroyIfUnused(ns);
    return true;
  }

  synchronized void retain(NetNamespace ns) {
    ns.references++;
  }

  synchronized void release(NetNamespace ns) {
    ns.references--;
    destroyIfUnused(ns);
  }

  /**
   * The live namespace a handle names, found by its id, so that any handle on it will do.
   *
   * @throws IllegalArgumentException if no live namespace of this kernel has that id
   */
  /** Every live namespace; read under the kernel's lock. */
  synchronized Collection<NetNamespace> namespaces() {
    return List.copyOf(alive.values());
  }

  synchronized NetNamespace resolve(NamespaceHandle handle) {
    NetNamespace ns = alive.get(handle.id());
    if (ns == null) {
      throw new IllegalArgumentException(
          "not a live namespace of this fake kernel: " + handle + " (" + handle.id() + ")");
    }
    return ns;
  }

  private NetNamespace newNamespace(Optional<String> name, long inode) {
    NetNamespace ns = new NetNamespace(NamespaceId.of(NSFS_DEVICE, inode), name);
    Sysctl.initNamespace(ns.sysctls);
    LinkState lo = new LinkState(LinkKind.LOOPBACK);
    lo.name = "lo";
    lo.mtu = LOOPBACK_MTU;
    lo.macAddress = new MacAddress(0);
    attach(ns, lo, 0);
    alive.put(ns.id, ns);
    return ns;
  }

  private void destroyIfUnused(NetNamespace ns) {
    if (!ns.alive || ns.references > 0 || ns.name.isPresent()) {
      return;
    }
    ns.alive = false;
    for (LinkState link : new ArrayList<>(ns.links.values())) {
      if (link.namespace == ns) {
        destroy(link);
      }
    }
    alive.remove(ns.id);
  }

  private static void checkNamespaceName(String name) {
    Namespaces.checkName(name);
  }

  // ---- links -----------------------------------------------------------------------------

  MacAddress randomMac() {
    return MacAddress.randomLocal(random);
  }

  /** Puts {@code link} in {@code ns} under a fresh index (or {@code wanted} when free). */
  void attach(NetNamespace ns, LinkState link, int wanted) {
    link.namespace = ns;
    link.index = ns.allocateIndex(wanted);
    ns.links.put(link.index, link);
    Sysctl.initLink(ns.sysctls, link.name);
  }

  /** Takes {@code link} out of its namespace with its addresses, routes and entries. */
  void detach(LinkState link) {
    NetNamespace ns = link.namespace;
    if (link.master != null) {
      LinkState bridge = link.master;
      link.master = null;
      link.hairpin = false;
      adjustBridgeMtu(bridge);
    }
    for (LinkState port : ports(link)) {
      port.master = null;
      port.hairpin = false;
    }
    ns.links.remove(link.index);
    int index = link.index;
    ns.addresses.removeIf(a -> a.index() == index);
    ns.routes.removeIf(r -> r.route().device().equals(OptionalInt.of(index)));
    ns.neighbours.removeIf(n -> n.device() == index);
    ns.forwarding.removeIf(f -> f.device() == index);
    Sysctl.removeLink(ns.sysctls, link.name);
    link.up = false;
    link.ipv6Configured = false;
  }

  /** Deletes {@code link}, its veth peer, and the devices stacked on it, wherever they are. */
  void destroy(LinkState link) {
    if (!link.namespace.links.containsKey(link.index)
        || link.namespace.links.get(link.index) != link) {
      return;
    }
    detach(link);
    if (link.peer != null) {
      LinkState peer = link.peer;
      link.peer = null;
      peer.peer = null;
      destroy(peer);
    }
    for (NetNamespace ns : new ArrayList<>(alive.values())) {
      for (LinkState other : new ArrayList<>(ns.links.values())) {
        if (other.parent == link) {
          destroy(other);
        }
      }
    }
  }

  List<LinkState> ports(LinkState bridge) {
    List<LinkState> ports = new ArrayList<>();
    for (LinkState link : bridge.namespace.links.values()) {
      if (link.master == bridge) {
        ports.add(link);
      }
    }
    return ports;
  }

  /** A bridge whose MTU was not set follows the smallest MTU of its ports, as Linux does. */
  void adjustBridgeMtu(LinkState bridge) {
    if (bridge.mtuSetByUser) {
      return;
    }
    int min = Integer.MAX_VALUE;
    for (LinkState port : ports(bridge)) {
      min = Math.min(min, port.mtu);
    }
    if (min != Integer.MAX_VALUE) {
      bridge.mtu = min;
    }
  }

  /** Brings a link up or down, with the addresses and routes the kernel adds or flushes. */
  void setUp(LinkState link, boolean up) {
    if (link.up == up) {
      return;
    }
    link.up = up;
    NetNamespace ns = link.namespace;
    int index = link.index;
    if (!up) {
      link.ipv6Configured = false;
      ns.routes.removeIf(r -> r.route().device().equals(OptionalInt.of(index)));
      ns.addresses.removeIf(a -> a.index() == index && !a.prefix().isIpv4());
      return;
    }
    if (link.isLoopback() && ns.addresses.stream().noneMatch(a -> a.index() == index
        && a.prefix().equals(LOOPBACK4))) {
      ns.addresses.add(AddressEntry.of(index, LOOPBACK4));
    }
    for (AddressEntry a : List.copyOf(ns.addresses)) {
      if (a.index() == index) {
        addPrefixRoute(link, a.prefix());
      }
    }
  }

  /**
   * Gives IPv6 its automatic addresses where Linux would by now: on every up link with IPv6
   * enabled and a carrier (a veth whose peer is up, a bridge with such a port), once per time
   * it comes up. Run after every change to links or sysctls.
   */
  void settle() {
    for (NetNamespace ns : alive.values()) {
      for (LinkState link : List.copyOf(ns.links.values())) {
        if (link.up && !link.ipv6Configured && !link.noIpv6Addresses && ipv6Enabled(link)
            && carrier(link)) {
          link.ipv6Configured = true;
          addIpv6Automatic(link);
        }
      }
    }
  }

  /**
   * Whether {@code link} is up with a carrier: a veth whose peer is up, a bridge with such a
   * port, a stacked device on a parent that has one; any other kind when up.
   */
  boolean carrier(LinkState link) {
    return carrier(link, 0);
  }

  private boolean carrier(LinkState link, int depth) {
    if (!link.up || depth > 8) {
      return false;
    }
    switch (link.kind) {
      case VETH:
        return link.peer != null && link.peer.up;
      case BRIDGE:
        return ports(link).stream().anyMatch(p -> carrier(p, depth + 1));
      case MACVLAN:
      case IPVLAN:
      case VLAN:
        return link.parent != null && carrier(link.parent, depth + 1);
      default:
        return true;
    }
  }

  boolean ipv6Enabled(LinkState link) {
    return "0".equals(link.namespace.sysctls.get(Sysctl.disableIpv6Key(link.name)));
  }

  /** What an up link gets when IPv6 is enabled: ::1 on lo, a link-local address elsewhere. */
  void addIpv6Automatic(LinkState link) {
    NetNamespace ns = link.namespace;
    IpPrefix address = link.isLoopback() ? LOOPBACK6 : linkLocal(link.macAddress);
    if (ns.addresses.stream().noneMatch(a -> a.index() == link.index
        && a.prefix().equals(address))) {
      ns.addresses.add(AddressEntry.of(link.index, address));
    }
    addPrefixRoute(link, address);
  }

  /** Removes every IPv6 address and route of a link (IPv6 disabled on it). */
  void flushIpv6(LinkState link) {
    link.ipv6Configured = false;
    NetNamespace ns = link.namespace;
    int index = link.index;
    ns.addresses.removeIf(a -> a.index() == index && !a.prefix().isIpv4());
    ns.routes.removeIf(
        r -> r.route().device().equals(OptionalInt.of(index))
            && !r.route().destination().isIpv4());
  }

  /** The kernel's route to an address's subnet, on an up link (none for lo or host prefixes). */
  void addPrefixRoute(LinkState link, IpPrefix address) {
    if (!link.up || link.isLoopback() || address.length() == address.bitLength()) {
      return;
    }
    Route route =
        new Route(
            address.network(),
            Optional.empty(),
            OptionalInt.of(link.index),
            address.isIpv4() ? OptionalInt.empty() : OptionalInt.of(IP6_RT_PRIO_ADDRCONF));
    NetNamespace ns = link.namespace;
    if (ns.routes.stream().noneMatch(r -> r.route().equals(route))) {
      ns.routes.add(new NetNamespace.RouteEntry(route, true));
    }
  }

  /** Removes the kernel's route of an address's subnet when no other address needs it. */
  void removePrefixRoute(LinkState link, IpPrefix address) {
    NetNamespace ns = link.namespace;
    IpPrefix network = address.network();
    boolean stillNeeded =
        ns.addresses.stream()
            .anyMatch(a -> a.index() == link.index && a.prefix().network().equals(network));
    if (!stillNeeded) {
      ns.routes.removeIf(
          r -> r.kernel()
              && r.route().destination().equals(network)
              && r.route().device().equals(OptionalInt.of(link.index)));
    }
  }

  /** The EUI-64 link-local address Linux derives from a MAC address. */
  static IpPrefix linkLocal(MacAddress mac) {
    byte[] m = mac.bytes();
    byte[] a = new byte[16];
    a[0] = (byte) 0xfe;
    a[1] = (byte) 0x80;
    a[8] = (byte) (m[0] ^ 0x02);
    a[9] = m[1];
    a[10] = m[2];
    a[11] = (byte) 0xff;
    a[12] = (byte) 0xfe;
    a[13] = m[3];
    a[14] = m[4];
    a[15] = m[5];
    return IpPrefix.of(fromBytes(a), LINK_LOCAL6.length());
  }

  static boolean isIpv4(InetAddress address) {
    return address instanceof Inet4Address;
  }

  /** The address of 4 or 16 raw bytes (no name lookup is made for raw bytes). */
  static InetAddress fromBytes(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }
}
