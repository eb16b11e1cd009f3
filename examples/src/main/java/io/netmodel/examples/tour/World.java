package io.netmodel.examples.tour;

import io.netmodel.api.Networking;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the chapters stand on: the document's machine ({@code tour-host}, with {@code eth0} at
 * {@link #HOST_ADDRESS}), the network at the other end of that link ({@code tour-outside} at
 * {@link #OUTSIDE_ADDRESS}), the {@link Networking} whose host is the machine, and the few
 * ways the chapters look and listen: what {@code ip} prints, the interfaces, routes and links
 * of a namespace, a sysctl, a neighbour entry, and TCP exchanges between namespaces.
 *
 * <p>Two worlds: {@link Lab}, the real kernel in throwaway namespaces ({@code ip} and real
 * sockets), and {@link FakeLab}, the testkit's fake kernel built with the same topology
 * (rendered {@code ip} output, and exchanges answered by the fake's reachability). A chapter
 * runs the same code and checks the same claims on either. Not thread-safe unless the
 * implementation says so.
 */
interface World {
  String HOST_NAMESPACE = "tour-host";
  String OUTSIDE_NAMESPACE = "tour-outside";
  /** The source document's host: 192.168.77.123/24. */
  String HOST_ADDRESS = "192.168.77.123/24";
  String OUTSIDE_ADDRESS = "192.168.77.1/24";
  String UPLINK = "eth0";

  /** The tour's first line: what it is, and on which kernel. */
  String title();

  /** The lines that say where this world lives and what of the machine it touches. */
  List<String> whereItLives();

  /**
   * Makes the machine, the outside and the Networking. On failure, {@link #finish} removes
   * what was made.
   *
   * @throws TourException or a netmodel exception when a step fails
   */
  void build();

  /** The Networking whose host is {@code tour-host}. */
  Networking networking();

  /** A handle on {@code tour-host}, the namespace that plays the machine. */
  NamespaceHandle host();

  /** A handle on {@code tour-outside}, the rest of the network seen from the host. */
  NamespaceHandle outside();

  /**
   * What {@code ip ARGS} prints inside {@code ns}, to show the reader.
   *
   * @throws TourException if it cannot be had
   */
  String ip(NamespaceHandle ns, String... args);

  /** The interfaces inside {@code ns} with their addresses, by index. */
  List<Interface> interfaces(NamespaceHandle ns);

  /** The IPv4 routes of the main table inside {@code ns}. */
  List<RouteEntry> routes(NamespaceHandle ns);

  /** The links inside {@code ns}, by index. */
  List<LinkEntry> links(NamespaceHandle ns);

  /** A network sysctl as {@code ns} sees it ({@code ipv4/ip_forward}), or why it cannot. */
  String sysctl(NamespaceHandle ns, String key);

  /**
   * The link-layer address {@code ns} knows for {@code address} on {@code device}, when it
   * knows one.
   */
  Optional<String> neighbour(NamespaceHandle ns, InetAddress address, String device);

  /**
   * A server inside {@code ns} on {@code address:port} (port 0: any) that answers every
   * connection with {@code greeting}.
   */
  Listener listen(NamespaceHandle ns, InetAddress address, int port, String greeting)
      throws Exception;

  /**
   * A server inside {@code ns} on {@code address:port} (port 0: any) that tells every
   * connection the address it came from ({@link Tcp#YOU_ARE} and the address), as the
   * server's namespace saw it, after any NAT on the way.
   */
  Listener listenTellingPeer(NamespaceHandle ns, InetAddress address, int port)
      throws Exception;

  /**
   * Connects from inside {@code ns} to {@code address:port} and reads one line: the reply, or
   * why there was none, in the kernel's words ({@code Network is unreachable}).
   */
  Tcp.Outcome connect(NamespaceHandle ns, InetAddress address, int port);

  /** Whether {@link #finish} has run (from the tour, or from the shutdown hook). */
  boolean isFinished();

  /**
   * Ends the world, once: removes everything or, with {@code keep}, leaves what can be left
   * and says how to remove it.
   */
  void finish(Screen screen, boolean keep);

  /** The address of {@code prefix} ({@code 192.168.77.123/24}: 192.168.77.123). */
  static InetAddress addressOf(String prefix) {
    int slash = prefix.indexOf('/');
    return IpAddresses.parse(slash < 0 ? prefix : prefix.substring(0, slash));
  }

  /** A listening server of a world; closing it stops it. */
  interface Listener extends AutoCloseable {
    /** The port it listens on (the one picked, when asked for any). */
    int port();

    @Override
    void close();
  }

  /**
   * A route of the main table.
   *
   * @param destination {@code default} or a prefix
   * @param gateway the next hop, empty when on-link
   * @param device the output interface's name, empty when the route names none
   */
  record RouteEntry(String destination, Optional<String> gateway, String device) {
    public RouteEntry {
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(gateway, "gateway");
      Objects.requireNonNull(device, "device");
    }

    boolean isDefault() {
      return destination.equals("default");
    }

    /** {@code DST [via GATEWAY] dev DEV}. */
    @Override
    public String toString() {
      return destination + gateway.map(g -> " via " + g).orElse("") + " dev " + device;
    }
  }

  /**
   * A link as {@code ip -d link} shows it.
   *
   * @param index its interface index
   * @param name its name
   * @param kind its kind ({@code veth}, {@code macvlan}, …), empty for one without ({@code lo})
   * @param mac its link-layer address, empty when it has none
   * @param linkIndex the index of its parent or veth peer, when it has one
   * @param master the name of its master (a bridge), when it has one
   */
  record LinkEntry(
      int index,
      String name,
      String kind,
      String mac,
      OptionalInt linkIndex,
      Optional<String> master) {
    public LinkEntry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(mac, "mac");
      Objects.requireNonNull(linkIndex, "linkIndex");
      Objects.requireNonNull(master, "master");
    }
  }
}
