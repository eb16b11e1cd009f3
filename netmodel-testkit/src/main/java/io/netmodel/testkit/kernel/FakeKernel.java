package io.netmodel.testkit.kernel;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.Protocol;
import io.netmodel.core.kernel.Addresses;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.KernelFeature;
import io.netmodel.core.kernel.Links;
import io.netmodel.core.kernel.Namespaces;
import io.netmodel.core.kernel.Neighbours;
import io.netmodel.core.kernel.Ports;
import io.netmodel.core.kernel.Routes;
import io.netmodel.core.kernel.Sysctls;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The kernel port in memory, behaving as Linux does where the drivers can tell: namespaces
 * with {@code lo}, veth pairs across namespaces, bridges and their ports, stacked devices,
 * addresses with the kernel's prefix routes, the main routing table, sysctls, neighbour and
 * forwarding entries; refusals are the same {@link io.netmodel.api.KernelException}s with the
 * same errno names as the Linux port's. It passes the same contract suite as the Linux port.
 *
 * <pre>{@code
 * try (FakeKernel kernel = FakeKernel.create()) {
 *   NamespaceHandle web = kernel.namespaces().create("web");
 *   kernel.links(kernel.namespaces().host()).add(new LinkSpec.Veth(
 *       InterfaceName.of("veth0"), LinkOptions.none(), InterfaceName.of("eth0"), web,
 *       LinkOptions.none()));
 * }
 * }</pre>
 *
 * <p>Deterministic: the same calls give the same namespace ids, interface indexes and MAC
 * addresses (drawn from a seeded generator). Namespace ids use nsfs's device 4 and inodes
 * from 4026531840 (the host) as Linux numbers them; named namespaces are reported under a
 * netns directory ({@code /run/netns} by default) where nothing is written.
 *
 * <p>Declared limits: the firewall holds bridge networks' rules and published ports (see
 * {@link #firewall}), obeyed by {@link #reach}, but no other rules; held host ports (see
 * {@link #ports}) are bookkeeping, not sockets; handles run tasks on the caller's thread and
 * refuse to start processes (see {@link FakeNamespaceHandle}). {@link #features()} is what the builder was
 * given, by default every link kind and no nf_tables.
 *
 * <p>Thread-safe: every operation runs under one lock, as rtnetlink does under RTNL.
 */
public final class FakeKernel implements Kernel {
  /** Where named namespaces are reported to live by default, as for {@code ip netns}. */
  public static final Path DEFAULT_NETNS_DIRECTORY = Path.of("/run/netns");

  private final KernelState state;
  private final FakeNamespaces namespaces;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FakeKernel(Builder builder) {
    this.state =
        new KernelState(builder.directory, builder.features, builder.seed, builder.hostLoopbackUp);
    this.namespaces = new FakeNamespaces(state);
  }

  /** A fake kernel with every default. */
  public static FakeKernel create() {
    return builder().build();
  }

  /** Settings for a fake kernel; every one has a default. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Namespaces namespaces() {
    checkOpen();
    return namespaces;
  }

  @Override
  public Links links(NamespaceHandle ns) {
    checkOpen();
    return new FakeLinks(state, state.resolve(ns));
  }

  @Override
  public Addresses addresses(NamespaceHandle ns) {
    checkOpen();
    return new FakeAddresses(state, state.resolve(ns));
  }

  @Override
  public Routes routes(NamespaceHandle ns) {
    checkOpen();
    return new FakeRoutes(state, state.resolve(ns));
  }

  @Override
  public Neighbours neighbours(NamespaceHandle ns) {
    checkOpen();
    return new FakeNeighbours(state, state.resolve(ns));
  }

  @Override
  public Sysctls sysctls(NamespaceHandle ns) {
    checkOpen();
    return new FakeSysctls(state, state.resolve(ns));
  }

  /**
   * netmodel's firewall in {@code ns}: the rules of each bridge network and the published
   * ports of each endpoint, obeyed by {@link #reach} (isolation between networks, internal
   * networks, ICC, direct access, masquerade, the destination NAT of published ports and its
   * hairpin masquerade, each undone for the reply) as the Linux port's nf_tables rules make
   * the kernel behave. It changes nothing until a network is added; adding one that is not
   * internal sets {@code ipv4/ip_forward} to 1 in {@code ns}, and one without ICC {@code
   * bridge/bridge-nf-call-iptables} and {@code -ip6tables}; publishing an IPv4 port on every
   * address or on a loopback address sets {@code ipv4/conf/B/route_localnet} of its bridge B to
   * 1, as {@link #sysctls} then shows.
   */
  @Override
  public Firewall firewall(NamespaceHandle ns) {
    checkOpen();
    if (!state.features.contains(KernelFeature.NF_TABLES)) {
      // As Linux answers a NETLINK_NETFILTER socket when nfnetlink is missing.
      throw Errno.EPROTONOSUPPORT.of(
          "socket(AF_NETLINK, NETLINK_NETFILTER)", FakeLinks.describe(ns));
    }
    return new FakeFirewall(state, state.resolve(ns));
  }

  /**
   * The host ports held in {@code ns}: bookkeeping with the kernel's rules of bound sockets
   * ({@link FakePorts}); an ephemeral port is the lowest free one of {@code ns}'s {@code
   * ipv4/ip_local_port_range} (Linux picks one at random in the range).
   */
  @Override
  public Ports ports(NamespaceHandle ns) {
    checkOpen();
    return new FakePorts(state, state.resolve(ns),
        ns.name().or(() -> ns.path().map(Object::toString)).orElseGet(() -> ns.id().toString()));
  }

  /**
   * Whether a packet from namespace {@code from} reaches address {@code to} and a reply comes
   * back, following what this kernel holds: local addresses, the main table's routes, veth
   * wires and bridges, forwarding in the namespaces crossed, and the {@link #firewall} rules
   * there: a routed packet may be dropped by the isolation of networks or by an internal
   * network, a frame between two ports of a bridge by ICC off, and a packet leaving a
   * network's subnet is masqueraded (its reply then comes back to the address it took and is
   * sent on to the sandbox). The answer says where and why a packet stopped, and names each
   * masquerade on the way.
   *
   * <p>Without a port, no published port applies: see {@link #reach(NamespaceHandle,
   * InetAddress, int, Protocol)}. Whether anything listens at the far end is the test's
   * business, as it is on a real host.
   */
  public Reachability reach(NamespaceHandle from, InetAddress to) {
    checkOpen();
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    synchronized (state) {
      return new Paths(state.namespaces(), state.host).reach(state.resolve(from), to);
    }
  }

  /**
   * Whether a new connection ({@code protocol}) from namespace {@code from} to {@code to}:
   * {@code port} reaches a namespace and its reply comes back, as {@link #reach(NamespaceHandle,
   * InetAddress)} answers, with the {@link Firewall#publish published ports} followed: in the
   * namespace that holds them, a connection to a local address of it and a published host
   * port (on that address or on every address, protocol alike) is destination-NATed to the
   * sandbox's address and port, whether it arrives there (prerouting) or is made there (local
   * output, where {@code 127.0.0.1} matches an IPv4 port on every address or on that address,
   * and leaves through the bridge only with {@code route_localnet} on); DNATed traffic leaving
   * through the port's bridge with a source on the bridge's subnets or on that namespace
   * itself is masqueraded (hairpin); the reply is un-NATed on its way back, and must pass the
   * namespace that DNATed the request. A DNATed frame that must go back out of the bridge port
   * it came in by (a sandbox reaching its own published port) is dropped unless that port is in
   * hairpin mode or {@code bridge/bridge-nf-call-iptables} (IPv6: {@code -ip6tables}) is not
   * {@code 1} in the bridge's namespace. A new connection routed into a network's bridge from
   * another interface that no published port DNATed is dropped (Docker 28's direct-access
   * rule). The answer's {@link Reachability#destinationPort()} is the port it arrives at, and
   * its path names each DNAT ({@code "host: 198.51.100.2:8080/tcp is DNATed to 172.17.0.2:80
   * (endpoint e1)"}).
   *
   * @throws IllegalArgumentException if {@code port} is not in 1..65535
   */
  public Reachability reach(NamespaceHandle from, InetAddress to, int port, Protocol protocol) {
    checkOpen();
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(protocol, "protocol");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1..65535: " + port);
    }
    synchronized (state) {
      return new Paths(state.namespaces(), state.host)
          .reach(state.resolve(from), to, Optional.of(new Paths.Service(port, protocol)));
    }
  }

  @Override
  public Set<KernelFeature> features() {
    checkOpen();
    return state.features;
  }

  /** Closes the port; namespaces live on in memory until the object is dropped. Idempotent. */
  @Override
  public void close() {
    closed.set(true);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the fake kernel port is closed");
    }
  }

  /** Settings for a {@link FakeKernel}; each setter validates its value. */
  public static final class Builder {
    private Path directory = DEFAULT_NETNS_DIRECTORY;
    private Set<KernelFeature> features = defaultFeatures();
    private long seed = 0x6e65746d6f64656cL;
    private boolean hostLoopbackUp = true;

    private Builder() {}

    /** The netns directory named namespaces are reported in; must be absolute. */
    public Builder netnsDirectory(Path value) {
      Objects.requireNonNull(value, "value");
      if (!value.isAbsolute()) {
        throw new IllegalArgumentException("netns directory must be absolute: " + value);
      }
      this.directory = value.normalize();
      return this;
    }

    /**
     * What the kernel declares it can do; a link of a kind not declared is refused with
     * {@code EOPNOTSUPP}, as Linux refuses a kind whose driver is missing; without {@link
     * KernelFeature#NF_TABLES} the firewall's calls are refused the same way. Default:
     * everything.
     */
    public Builder features(Set<KernelFeature> value) {
      this.features = Set.copyOf(value);
      return this;
    }

    /** The seed of the generator of MAC addresses. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Whether the host namespace's {@code lo} starts up, as on a booted host (default). */
    public Builder hostLoopbackUp(boolean value) {
      this.hostLoopbackUp = value;
      return this;
    }

    public FakeKernel build() {
      return new FakeKernel(this);
    }

    private static Set<KernelFeature> defaultFeatures() {
      return EnumSet.allOf(KernelFeature.class);
    }
  }
}
