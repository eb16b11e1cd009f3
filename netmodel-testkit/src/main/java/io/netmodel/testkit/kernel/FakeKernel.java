package io.netmodel.testkit.kernel;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.core.kernel.Addresses;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.KernelFeature;
import io.netmodel.core.kernel.Links;
import io.netmodel.core.kernel.Namespaces;
import io.netmodel.core.kernel.Neighbours;
import io.netmodel.core.kernel.Routes;
import io.netmodel.core.kernel.Sysctls;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
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
 * <p>Declared limits: the firewall holds bridge networks' rules (see {@link #firewall}) but
 * no published ports; handles run tasks on the caller's thread and refuse to start
 * processes (see {@link FakeNamespaceHandle}). {@link #features()} is what the builder was
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
   * netmodel's firewall in {@code ns}: the rules of each bridge network, obeyed by {@link
   * #reach} (isolation between networks, internal networks, ICC, masquerade with its reply
   * undone on the way back) as the Linux port's nf_tables rules make the kernel behave. It
   * changes nothing until a network is added; adding one that is not internal sets {@code
   * ipv4/ip_forward} to 1 in {@code ns}, and one without ICC {@code
   * bridge/bridge-nf-call-iptables} and {@code -ip6tables}, as {@link #sysctls} then shows.
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
   * Whether a packet from namespace {@code from} reaches address {@code to} and a reply comes
   * back, following what this kernel holds: local addresses, the main table's routes, veth
   * wires and bridges, forwarding in the namespaces crossed, and the {@link #firewall} rules
   * there: a routed packet may be dropped by the isolation of networks or by an internal
   * network, a frame between two ports of a bridge by ICC off, and a packet leaving a
   * network's subnet is masqueraded (its reply then comes back to the address it took and is
   * sent on to the sandbox). The answer says where and why a packet stopped, and names each
   * masquerade on the way.
   *
   * <p>Ports and protocols do not change the answer: published ports are not modelled, and
   * whether anything listens at the far end is the test's business, as it is on a real
   * host.
   */
  public Reachability reach(NamespaceHandle from, InetAddress to) {
    checkOpen();
    Objects.requireNonNull(to, "to");
    synchronized (state) {
      return new Paths(state.namespaces(), state.host).reach(state.resolve(from), to);
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
