package io.netmodel.linux.rtnl;

import io.netmodel.api.KernelException;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Links;
import io.netmodel.linux.netlink.MessageWriter;
import io.netmodel.linux.netlink.Netlink;
import io.netmodel.linux.netlink.NetlinkClient;
import io.netmodel.linux.netlink.NetlinkMessage;
import io.netmodel.linux.netlink.NetlinkProtocolException;
import io.netmodel.linux.netlink.NetlinkRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The links of one namespace over rtnetlink, through a {@link NetlinkClient} whose socket was
 * opened in that namespace.
 *
 * <pre>{@code
 * RtnlLinks links = new RtnlLinks(client, handleFds);
 * Link br = links.add(new LinkSpec.Bridge(InterfaceName.of("br0"), LinkOptions.none()));
 * links.add(new LinkSpec.Veth(InterfaceName.of("veth1a2b"), LinkOptions.none().withMaster(
 *     br.index()), InterfaceName.of("eth0"), web, LinkOptions.none()));
 * links.change(br.index(), LinkChange.setUp());
 * }</pre>
 *
 * <p>Each operation is one round trip: a creation and the read-back of the created link travel
 * in one datagram; a veth's peer is created directly in its namespace, already named. Lookups
 * go by name or index, never by dumping.
 *
 * <p>Thread-safe, as its client is.
 */
public final class RtnlLinks implements Links {
  private static final int ENODEV = 19;
  /** The first pause of {@link #awaitPortEnabled} between two reads. */
  static final long FIRST_PAUSE_NANOS = 20_000;
  /** The longest pause of {@link #awaitPortEnabled} between two reads. */
  static final long MAX_PAUSE_NANOS = 5_000_000;

  private final NetlinkClient client;
  private final NamespaceFds fds;

  /**
   * @param client a client on a {@code NETLINK_ROUTE} socket of the namespace
   * @param fds the descriptors of namespaces, for veth peers and moves
   */
  public RtnlLinks(NetlinkClient client, NamespaceFds fds) {
    this.client = Objects.requireNonNull(client, "client");
    this.fds = Objects.requireNonNull(fds, "fds");
  }

  @Override
  public Link add(LinkSpec spec) {
    Objects.requireNonNull(spec, "spec");
    String name = spec.name().toString();
    // The link is read back from the creation's own echo (NLM_F_ECHO: the kernel sends the new
    // link's description to the creator) unless a later request of the exchange changes what
    // it describes; then, and on a kernel that sends no echo, by a lookup.
    boolean echo = !LinkRequests.upAfterCreate(spec);
    List<NetlinkRequest> requests = new ArrayList<>();
    requests.add(createRequest(spec, -1, echo));
    requests.addAll(LinkRequests.afterCreate(spec));
    if (!echo) {
      requests.add(getRequest(name));
    }
    List<NetlinkClient.Reply> replies = client.pipeline(requests);
    int checked = echo ? replies.size() : replies.size() - 1;
    for (int i = 0; i < checked; i++) {
      try {
        replies.get(i).messagesOrThrow();
      } catch (KernelException e) {
        if (i > 0) {
          // Made, but not configured as asked: the caller gets the failure and no link.
          try {
            deleteOrFalse(deleteRequest(name));
          } catch (RuntimeException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
    }
    if (!echo) {
      return toLink(single(replies.get(replies.size() - 1).messagesOrThrow(), name));
    }
    for (NetlinkMessage m : replies.get(0).messages()) {
      if (m.type() == Rtnl.RTM_NEWLINK) {
        return withAskedMaster(toLink(LinkMessage.parse(m)), spec);
      }
    }
    return toLink(single(client.query(getRequest(name)), name));
  }

  /**
   * The echoed link with the master the creation asked for: Linux describes a new link to its
   * creator before it enslaves it, and the creation succeeded, so the master is the one asked.
   */
  private static Link withAskedMaster(Link link, LinkSpec spec) {
    if (spec.options().master().isEmpty() || link.master().isPresent()) {
      return link;
    }
    return new Link(
        link.index(), link.name(), link.kind(), link.up(), link.mtu(), link.macAddress(),
        spec.options().master(), link.link(), link.group());
  }

  /**
   * Creates {@code spec} directly in namespace {@code target} ({@code IFLA_NET_NS_FD} in the
   * creating request); a parent ({@code IFLA_LINK}) is an index in this client's namespace.
   * For a macvlan or ipvlan this makes the container's {@code eth0} in one request.
   *
   * @throws KernelException as {@link #add(LinkSpec)}
   */
  @Override
  public void addIn(LinkSpec spec, NamespaceHandle target) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(target, "target");
    if (spec.options().master().isPresent()) {
      throw new IllegalArgumentException(
          "a link created in another namespace cannot be given a master: " + spec.name());
    }
    if (spec.options().noIpv6Addresses()) {
      throw new IllegalArgumentException(
          "a link created in another namespace cannot have its IPv6 address generation set"
              + " with it: " + spec.name());
    }
    client.execute(createRequest(spec, fds.fdOf(target), false));
  }

  @Override
  public Optional<Link> get(InterfaceName name) {
    return find(name.toString()).map(RtnlLinks::toLink);
  }

  @Override
  public Optional<Link> get(int index) {
    return find(index).map(RtnlLinks::toLink);
  }

  @Override
  public List<Link> list() {
    List<Link> out = new ArrayList<>();
    for (LinkMessage m : dump()) {
      out.add(toLink(m));
    }
    return out;
  }

  /** The link of that name as the kernel describes it, with every decoded field. */
  public Optional<LinkMessage> find(String name) {
    return absentOnEnodev(() -> single(client.query(getRequest(name)), name));
  }

  /** The link of that index as the kernel describes it, with every decoded field. */
  public Optional<LinkMessage> find(int index) {
    Links.checkIndex(index);
    return absentOnEnodev(() -> single(client.query(getRequest(index)), "link " + index));
  }

  /** Every link of the namespace as the kernel describes it, by index. */
  public List<LinkMessage> dump() {
    NetlinkRequest request =
        NetlinkRequest.of(
            "RTM_GETLINK", "all links", Rtnl.RTM_GETLINK, 0,
            w -> {
              LinkRequests.ifinfomsg(w, 0, 0, 0);
              skipStats(w);
            });
    List<LinkMessage> out = new ArrayList<>();
    for (NetlinkMessage m : client.dump(request)) {
      if (m.type() == Rtnl.RTM_NEWLINK) {
        out.add(LinkMessage.parse(m));
      }
    }
    out.sort(Comparator.comparingInt(LinkMessage::index));
    return out;
  }

  @Override
  public void change(int index, LinkChange change) {
    Links.checkIndex(index);
    Objects.requireNonNull(change, "change");
    if (change.isEmpty()) {
      return;
    }
    client.execute(changeRequest(index, change));
  }

  /** The request {@link #change} sends, for a pipeline of requests. */
  public NetlinkRequest changeRequest(int index, LinkChange change) {
    Links.checkIndex(index);
    Objects.requireNonNull(change, "change");
    return NetlinkRequest.of(
        "RTM_NEWLINK", describe(index, change), Rtnl.RTM_NEWLINK, 0,
        w -> writeChange(w, index, change));
  }

  @Override
  public boolean delete(int index) {
    Links.checkIndex(index);
    return deleteOrFalse(
        NetlinkRequest.of(
            "RTM_DELLINK", "link " + index, Rtnl.RTM_DELLINK, 0,
            w -> LinkRequests.ifinfomsg(w, index, 0, 0)));
  }

  /** Deletes the link of that name (for a veth, both ends); false when there was none. */
  public boolean delete(InterfaceName name) {
    return deleteOrFalse(deleteRequest(name.toString()));
  }

  private static NetlinkRequest deleteRequest(String name) {
    return byName("RTM_DELLINK", Rtnl.RTM_DELLINK, name);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A group without links is not an error: there is nothing to delete.
   */
  @Override
  public void deleteGroup(int group) {
    if (group == 0) {
      throw new IllegalArgumentException(
          "interface group 0 is the default group of every link; refusing to delete it: 0");
    }
    // The kernel answers ENODEV when the group has no link: nothing to delete.
    deleteOrFalse(
        NetlinkRequest.of(
            "RTM_DELLINK", "group " + Integer.toUnsignedString(group), Rtnl.RTM_DELLINK, 0,
            w -> {
              LinkRequests.ifinfomsg(w, 0, 0, 0);
              w.attrU32(Ifla.IFLA_GROUP, group);
            }));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the port and the bridge in one round trip (two {@code RTM_GETLINK} back to back);
   * while the kernel has not got there, reads them again after pauses of {@value
   * #FIRST_PAUSE_NANOS} ns, doubling up to {@value #MAX_PAUSE_NANOS} ns. The port's state is
   * {@code IFLA_BRPORT_STATE} in its slave data, the bridge's {@code IFLA_OPERSTATE}: Linux
   * sets a device's operational state in the same work that turns on its transmission, and
   * enables a port after that work has run for it.
   */
  @Override
  public boolean awaitPortEnabled(int port, int bridge, Duration timeout) {
    Links.checkPortWait(port, bridge, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    List<NetlinkRequest> reads = List.of(getRequest(port), getRequest(bridge));
    long pause = FIRST_PAUSE_NANOS;
    while (true) {
      List<NetlinkClient.Reply> replies = client.pipeline(reads);
      LinkMessage p = single(replies.get(0).messagesOrThrow(), "link " + port);
      LinkMessage b = single(replies.get(1).messagesOrThrow(), "link " + bridge);
      if (p.master().orElse(0) != bridge) {
        throw Links.notAPortOf(port, p.name(), bridge, b.name());
      }
      int state = p.bridgePortState().orElse(Ifla.BR_STATE_DISABLED);
      if (state != Ifla.BR_STATE_DISABLED && b.operationallyUp()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || Thread.currentThread().isInterrupted()) {
        return false;
      }
      LockSupport.parkNanos(Math.min(pause, left));
      pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
    }
  }

  /** The {@link Link} core's drivers see. */
  public static Link toLink(LinkMessage m) {
    return new Link(
        m.index(),
        m.name(),
        m.kind(),
        m.up(),
        m.mtu(),
        Macs.of(m.address()),
        m.master(),
        m.link(),
        m.group());
  }

  private NetlinkRequest createRequest(LinkSpec spec, int targetFd, boolean echo) {
    String object = LinkRequests.describe(spec);
    int flags = Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL | (echo ? Netlink.NLM_F_ECHO : 0);
    return NetlinkRequest.of(
        "RTM_NEWLINK", object, Rtnl.RTM_NEWLINK, flags,
        w -> LinkRequests.create(w, spec, fds, targetFd));
  }

  private static NetlinkRequest getRequest(int index) {
    return NetlinkRequest.of(
        "RTM_GETLINK", "link " + index, Rtnl.RTM_GETLINK, 0,
        w -> {
          LinkRequests.ifinfomsg(w, index, 0, 0);
          skipStats(w);
        });
  }

  private static NetlinkRequest getRequest(String name) {
    return NetlinkRequest.of(
        "RTM_GETLINK", name, Rtnl.RTM_GETLINK, 0,
        w -> {
          named(w, name);
          skipStats(w);
        });
  }

  /**
   * Asks the kernel to leave the statistics out of a link's description ({@code IFLA_EXT_MASK}
   * with {@code RTEXT_FILTER_SKIP_STATS}): nothing here reads them, and the kernel sums them
   * per CPU for every answer.
   */
  private static void skipStats(MessageWriter w) {
    w.attrU32(Ifla.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_SKIP_STATS);
  }

  /** A request about the link of that name. */
  private static NetlinkRequest byName(String operation, int type, String name) {
    return NetlinkRequest.of(operation, name, type, 0, w -> named(w, name));
  }

  /** An empty {@code ifinfomsg} and the link's name: the link named, not indexed. */
  private static void named(MessageWriter w, String name) {
    LinkRequests.ifinfomsg(w, 0, 0, 0);
    w.attrString(Ifla.IFLA_IFNAME, name);
  }

  private void writeChange(MessageWriter w, int index, LinkChange change) {
    int flags = change.up().map(up -> up ? Ifla.IFF_UP : 0).orElse(0);
    int mask = change.up().isPresent() ? Ifla.IFF_UP : 0;
    LinkRequests.ifinfomsg(w, index, flags, mask);
    change.name().ifPresent(name -> w.attrString(Ifla.IFLA_IFNAME, name.toString()));
    change.mtu().ifPresent(mtu -> w.attrU32(Ifla.IFLA_MTU, mtu));
    change.macAddress().ifPresent(mac -> w.attrBytes(Ifla.IFLA_ADDRESS, Macs.bytes(mac)));
    change.master().ifPresent(master -> w.attrU32(Ifla.IFLA_MASTER, master));
    change.namespace().ifPresent(ns -> w.attrU32(Ifla.IFLA_NET_NS_FD, fds.fdOf(ns)));
    change.hairpin().ifPresent(hairpin -> writeHairpin(w, hairpin));
  }

  /**
   * Hairpin mode of a bridge port, as {@code IFLA_BRPORT_MODE} in the port's slave data. The
   * kernel hands slave data to the link's current master, read before the rest of the request
   * is applied: a link that is not yet a bridge's port (even one enslaved by this very request)
   * is refused with EOPNOTSUPP.
   */
  private static void writeHairpin(MessageWriter w, boolean hairpin) {
    int info = w.beginNested(Ifla.IFLA_LINKINFO);
    w.attrString(Ifla.IFLA_INFO_SLAVE_KIND, Ifla.BRIDGE_SLAVE_KIND);
    int data = w.beginNested(Ifla.IFLA_INFO_SLAVE_DATA);
    w.attrU8(Ifla.IFLA_BRPORT_MODE, hairpin ? 1 : 0);
    w.endNested(data);
    w.endNested(info);
  }

  private static String describe(int index, LinkChange change) {
    List<String> parts = new ArrayList<>();
    change.up().ifPresent(up -> parts.add(up ? "up" : "down"));
    change.mtu().ifPresent(mtu -> parts.add("mtu " + mtu));
    change.macAddress().ifPresent(mac -> parts.add("address " + mac));
    change.name().ifPresent(name -> parts.add("name " + name));
    change.master().ifPresent(m -> parts.add(m == 0 ? "nomaster" : "master " + m));
    change.namespace().ifPresent(ns -> parts.add("to " + LinkRequests.describe(ns)));
    change.hairpin().ifPresent(h -> parts.add("hairpin " + (h ? "on" : "off")));
    return "link " + index + " (" + String.join(", ", parts) + ")";
  }

  private boolean deleteOrFalse(NetlinkRequest request) {
    try {
      client.execute(request);
      return true;
    } catch (KernelException e) {
      if (e.errno() == ENODEV) {
        return false;
      }
      throw e;
    }
  }

  private static Optional<LinkMessage> absentOnEnodev(java.util.function.Supplier<LinkMessage> get) {
    try {
      return Optional.of(get.get());
    } catch (KernelException e) {
      if (e.errno() == ENODEV) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static LinkMessage single(List<NetlinkMessage> replies, String what) {
    for (NetlinkMessage m : replies) {
      if (m.type() == Rtnl.RTM_NEWLINK) {
        return LinkMessage.parse(m);
      }
    }
    throw new NetlinkProtocolException("RTM_GETLINK " + what + " acknowledged without a link");
  }
}
