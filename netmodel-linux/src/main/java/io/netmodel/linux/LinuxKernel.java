package io.netmodel.linux;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.core.kernel.Addresses;
import io.netmodel.core.kernel.Configuration;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.KernelFeature;
import io.netmodel.core.kernel.Links;
import io.netmodel.core.kernel.Namespaces;
import io.netmodel.core.kernel.Neighbours;
import io.netmodel.core.kernel.Ports;
import io.netmodel.core.kernel.Routes;
import io.netmodel.core.kernel.Sysctls;
import io.netmodel.linux.netlink.Netlink;
import io.netmodel.linux.netlink.NetlinkClient;
import io.netmodel.linux.netlink.NetlinkRequest;
import io.netmodel.linux.netlink.NetlinkSocket;
import io.netmodel.linux.nft.NftClient;
import io.netmodel.linux.ns.LinuxNamespaceHandle;
import io.netmodel.linux.ns.LinuxNamespaces;
import io.netmodel.linux.rtnl.RtnlAddresses;
import io.netmodel.linux.rtnl.RtnlLinks;
import io.netmodel.linux.rtnl.RtnlRoutes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel port on real Linux: namespaces through {@link LinuxNamespaces}, links,
 * addresses and routes through rtnetlink, sysctls through {@code /proc/sys/net} as seen from
 * inside each namespace, the bridge firewall through nf_tables ({@link LinuxFirewall}), and
 * published host ports held by bound sockets ({@link LinuxPorts}).
 *
 * <p>One {@code NETLINK_ROUTE} socket is opened inside each namespace the port works in (on a
 * thread that entered it; for a namespace the port creates, in the same task that creates it) and
 * then used from any thread. A socket holds its namespace alive,
 * so the socket of a namespace is closed before the namespace is deleted, and at most {@value
 * #MAX_CHANNELS} are kept (least recently used closed first). The same holds for the one
 * {@code NETLINK_NETFILTER} socket a namespace's firewall uses. Thread-safe.
 */
final class LinuxKernel implements Kernel {
  private static final Logger log = LoggerFactory.getLogger(LinuxKernel.class);
  static final int MAX_CHANNELS = 256;

  private final LinuxNamespaces namespaces;
  private final LinuxNamespaceHandle host;
  private final NamespacesPort namespacesPort;
  private final Map<NamespaceId, Channel> channels = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<NamespaceId, NftClient> firewalls = new LinkedHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Set<KernelFeature> features;
  /** The home namespace's {@code /proc/sys/net/ipv6}, which no namespace's own may be. */
  private final Optional<Object> homeIpv6Sysctls;
  private final ProcInstances procInstances = new ProcInstances();

  private LinuxKernel(
      LinuxNamespaces namespaces, LinuxNamespaceHandle host, Optional<Object> homeIpv6Sysctls) {
    this.namespaces = namespaces;
    this.host = host;
    this.homeIpv6Sysctls = homeIpv6Sysctls;
    this.namespacesPort = new NamespacesPort();
  }

  /**
   * What the port keeps of a namespace it works in, all opened inside it: the rtnetlink client,
   * and its {@code /proc/sys/net/ipv6} (see {@link SysctlDirectory}) where that can be held.
   */
  private record Channel(NetlinkClient client, Optional<SysctlDirectory> ipv6Sysctls) {
    void close() {
      try {
        ipv6Sysctls.ifPresent(SysctlDirectory::close);
      } finally {
        client.close();
      }
    }
  }

  /**
   * Opens the port: the namespace threads, the netns directory, and the host namespace
   * ({@code hostNamespace}'s file, or the JVM's own).
   */
  static LinuxKernel open(Path netnsDirectory, Optional<Path> hostNamespace) {
    LinuxNamespaces namespaces = LinuxNamespaces.open(netnsDirectory);
    try {
      LinuxNamespaceHandle host =
          hostNamespace.isPresent()
              ? namespaces.openPath(hostNamespace.get())
              : namespaces.openHome();
      // This thread's namespace is the threads' home: see LinuxNamespaces.open.
      return new LinuxKernel(namespaces, host, SysctlDirectory.identityHere());
    } catch (RuntimeException e) {
      namespaces.close();
      throw e;
    }
  }

  @Override
  public Namespaces namespaces() {
    checkOpen();
    return namespacesPort;
  }

  @Override
  public Links links(NamespaceHandle ns) {
    return new RtnlLinks(channel(ns), LinuxNamespaces::fdOf);
  }

  @Override
  public Addresses addresses(NamespaceHandle ns) {
    return new RtnlAddresses(channel(ns));
  }

  @Override
  public Routes routes(NamespaceHandle ns) {
    return new RtnlRoutes(channel(ns));
  }

  /**
   * {@inheritDoc}
   *
   * <p>On Linux: the steps' requests pipelined on the namespace's socket, in one datagram; the
   * kernel answers each in order, and a refusal does not stop the ones after it.
   */
  @Override
  public void configure(NamespaceHandle ns, List<Configuration> steps) {
    NetlinkClient client = channel(ns);
    RtnlLinks links = new RtnlLinks(client, LinuxNamespaces::fdOf);
    List<NetlinkRequest> requests = new ArrayList<>();
    for (Configuration step : steps) {
      if (step instanceof Configuration.SetLink) {
        Configuration.SetLink link = (Configuration.SetLink) step;
        if (!link.change().isEmpty()) {
          requests.add(links.changeRequest(link.index(), link.change()));
        }
      } else if (step instanceof Configuration.AddAddress) {
        requests.add(RtnlAddresses.addRequest(((Configuration.AddAddress) step).address(), true));
      } else {
        requests.add(RtnlRoutes.addRequest(((Configuration.AddRoute) step).route()));
      }
    }
    if (!requests.isEmpty()) {
      client.executeAll(requests);
    }
  }

  @Override
  public Neighbours neighbours(NamespaceHandle ns) {
    throw new UnsupportedOperationException(
        "neighbour and forwarding entries are not implemented on Linux yet (overlay mode"
            + " needs them)");
  }

  @Override
  public Sysctls sysctls(NamespaceHandle ns) {
    checkOpen();
    return new LinuxSysctls(ns, directSysctls(ns));
  }

  /** How {@link #sysctls} opens {@code ns}'s files from the calling thread (for tests). */
  LinuxSysctls.DirectFiles directSysctls(NamespaceHandle ns) {
    return (key, options) -> openSysctl(ns.id(), key, options);
  }

  /**
   * Opens sysctl {@code key} of namespace {@code id} from the calling thread through the
   * namespace's held {@code /proc/sys/net/ipv6}; null when there is none (not an IPv6 key, or the
   * namespace's channel is not kept). Under the channels' lock, so that the directory is not closed
   * (and its descriptor number reused) while the file is opened through it.
   */
  private FileChannel openSysctl(NamespaceId id, String key, Set<? extends OpenOption> options)
      throws IOException {
    if (!key.startsWith(SysctlDirectory.PREFIX)) {
      return null;
    }
    synchronized (channels) {
      Channel channel = channels.get(id);
      if (channel == null || channel.ipv6Sysctls().isEmpty()) {
        return null;
      }
      return FileChannel.open(channel.ipv6Sysctls().get().resolve(key), options);
    }
  }

  /**
   * The firewall of namespace {@code ns}: a {@link LinuxFirewall} over the namespace's one
   * nf_tables socket, opened inside it on first use and kept until the namespace is deleted or
   * the port closed.
   */
  @Override
  public Firewall firewall(NamespaceHandle ns) {
    checkOpen();
    NamespaceId id = ns.id();
    NftClient nft;
    synchronized (firewalls) {
      nft = firewalls.get(id);
    }
    if (nft == null) {
      NftClient opened;
      try {
        opened = ns.call(NftClient::open);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("cannot open an nf_tables socket in namespace " + id, e);
      }
      synchronized (firewalls) {
        nft = firewalls.putIfAbsent(id, opened);
        if (nft == null) {
          nft = opened;
        } else {
          opened.close();
        }
      }
    }
    return new LinuxFirewall(
        nft, new LinuxSysctls(ns, directSysctls(ns)));
  }

  /**
   * The host ports of namespace {@code ns}: each held port is a socket made inside it ({@link
   * LinuxPorts}), owned by the caller until closed.
   */
  @Override
  public Ports ports(NamespaceHandle ns) {
    checkOpen();
    return new LinuxPorts(ns);
  }

  @Override
  public Set<KernelFeature> features() {
    checkOpen();
    Set<KernelFeature> known = features;
    if (known == null) {
      synchronized (this) {
        if (features == null) {
          features = FeatureProbe.probe(this);
        }
        known = features;
      }
    }
    return known;
  }

  /** The netlink client of namespace {@code ns}, opening its socket inside it on first use. */
  NetlinkClient channel(NamespaceHandle ns) {
    checkOpen();
    NamespaceId id = ns.id();
    synchronized (channels) {
      Channel channel = channels.get(id);
      if (channel != null) {
        return channel.client();
      }
    }
    Channel opened;
    Optional<ProcInstances.Instance> proc = procInstances.next();
    try {
      opened = ns.call(() -> openChannel(proc));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot open a netlink socket in namespace " + id, e);
    } finally {
      proc.ifPresent(procInstances::done);
    }
    return keep(id, opened, false);
  }

  /**
   * What the port keeps of the calling thread's namespace, opened here: its sysctl directory
   * through {@code proc} where there is one, else through {@code /proc}.
   */
  private Channel openChannel(Optional<ProcInstances.Instance> proc) {
    NetlinkClient client = new NetlinkClient(NetlinkSocket.open(Netlink.NETLINK_ROUTE));
    try {
      return new Channel(
          client,
          proc.isPresent()
              ? SysctlDirectory.openIn(proc.get())
              : SysctlDirectory.openHere(homeIpv6Sysctls));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * Keeps {@code opened} as the client of namespace {@code id} and returns the client to use: the
   * one already kept if another thread was first, unless {@code fresh} (the namespace was just
   * created, so a client kept under its id belongs to a deleted namespace whose id was reused).
   * Closes the least recently used client past {@link #MAX_CHANNELS}.
   */
  private NetlinkClient keep(NamespaceId id, Channel opened, boolean fresh) {
    synchronized (channels) {
      Channel previous = channels.get(id);
      if (previous != null && !fresh) {
        opened.close();
        return previous.client();
      }
      channels.put(id, opened);
      if (previous != null) {
        previous.close();
      }
      if (channels.size() > MAX_CHANNELS) {
        var eldest = channels.entrySet().iterator().next();
        eldest.getValue().close();
        channels.remove(eldest.getKey());
      }
      return opened.client();
    }
  }

  private void forget(NamespaceId id) {
    Channel channel;
    synchronized (channels) {
      channel = channels.remove(id);
    }
    if (channel != null) {
      channel.close();
    }
    NftClient nft;
    synchronized (firewalls) {
      nft = firewalls.remove(id);
    }
    if (nft != null) {
      nft.close();
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (channels) {
      channels.values().forEach(Channel::close);
      channels.clear();
    }
    synchronized (firewalls) {
      firewalls.values().forEach(NftClient::close);
      firewalls.clear();
    }
    host.close();
    namespaces.close();
    procInstances.close();
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the Linux kernel port is closed");
    }
  }

  /** Core's view of the namespaces, closing a namespace's socket before deleting it. */
  private final class NamespacesPort implements Namespaces {
    @Override
    public NamespaceHandle host() {
      return host;
    }

    @Override
    public Path directory() {
      return namespaces.directory();
    }

    @Override
    public void expectCreate() {
      namespaces.expectCreate();
    }

    /**
     * Creates the namespace and opens its netlink socket inside it in the same task on the
     * namespace thread: every new namespace is worked in at once, and a second trip to a
     * namespace thread costs as much as opening the socket itself.
     */
    @Override
    public NamespaceHandle create(String name) {
      Optional<ProcInstances.Instance> proc = procInstances.next();
      LinuxNamespaces.Created<Channel> created;
      try {
        created = namespaces.create(name, () -> openChannel(proc), Channel::close);
      } finally {
        proc.ifPresent(procInstances::done);
      }
      keep(created.handle().id(), created.value(), true);
      return created.handle();
    }

    @Override
    public NamespaceHandle open(String name) {
      return namespaces.open(name);
    }

    @Override
    public NamespaceHandle openPath(Path path) {
      return namespaces.openPath(path);
    }

    @Override
    public NamespaceHandle openPid(long pid) {
      return namespaces.openPid(pid);
    }

    @Override
    public List<String> list() {
      return namespaces.list();
    }

    @Override
    public boolean delete(String name) {
      if (!namespaces.exists(name)) {
        return false;
      }
      try (NamespaceHandle ns = namespaces.open(name)) {
        forget(ns.id());
      } catch (io.netmodel.api.NotFoundException e) {
        log.debug("namespace {} has no namespace mounted; removing its file", name);
      }
      return namespaces.deleteIfExists(name);
    }
  }
}
