package io.netmodel.linux.rtnl;

import io.netmodel.api.KernelException;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.core.kernel.Route;
import io.netmodel.core.kernel.Routes;
import io.netmodel.linux.netlink.MessageWriter;
import io.netmodel.linux.netlink.Netlink;
import io.netmodel.linux.netlink.NetlinkClient;
import io.netmodel.linux.netlink.NetlinkMessage;
import io.netmodel.linux.netlink.NetlinkRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The routes of one namespace's main table over rtnetlink, IPv4 and IPv6.
 *
 * <pre>{@code
 * RtnlRoutes routes = new RtnlRoutes(client);
 * routes.add(Route.defaultVia(InetAddresses.forString("172.17.0.1"), eth0));
 * }</pre>
 *
 * <p>A route with a gateway is added with universe scope, one without (a device route) with
 * link scope; both with protocol {@code RTPROT_BOOT}, as {@code ip route add} does. {@link
 * #list()} returns the unicast routes of the main table that have a gateway or a device
 * (multipath routes are left out).
 *
 * <p>Thread-safe, as its client is.
 */
public final class RtnlRoutes implements Routes {
  private static final int ESRCH = 3;

  private final NetlinkClient client;

  /** @param client a client on a {@code NETLINK_ROUTE} socket of the namespace */
  public RtnlRoutes(NetlinkClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public void add(Route route) {
    client.execute(addRequest(route));
  }

  /** The request {@link #add} sends, for a pipeline of requests. */
  public static NetlinkRequest addRequest(Route route) {
    Objects.requireNonNull(route, "route");
    return NetlinkRequest.of(
        "RTM_NEWROUTE", describe(route), Rtnl.RTM_NEWROUTE,
        Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, w -> write(w, route, false));
  }

  /** Adds {@code route}, or replaces the route to the same destination and metric. */
  public void replace(Route route) {
    Objects.requireNonNull(route, "route");
    client.execute(
        NetlinkRequest.of(
            "RTM_NEWROUTE", describe(route), Rtnl.RTM_NEWROUTE,
            Netlink.NLM_F_CREATE | Netlink.NLM_F_REPLACE, w -> write(w, route, false)));
  }

  @Override
  public boolean delete(Route route) {
    Objects.requireNonNull(route, "route");
    try {
      client.execute(
          NetlinkRequest.of(
              "RTM_DELROUTE", describe(route), Rtnl.RTM_DELROUTE, 0,
              w -> write(w, route, true)));
      return true;
    } catch (KernelException e) {
      if (e.errno() == ESRCH) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public List<Route> list() {
    List<Route> out = new ArrayList<>();
    for (RouteMessage m : dump()) {
      if (m.table() == Rtnl.RT_TABLE_MAIN
          && m.type() == Rtnl.RTN_UNICAST
          && (m.gateway().isPresent() || m.outputInterface().isPresent())) {
        out.add(toRoute(m));
      }
    }
    return out;
  }

  /**
   * Every IPv4 and IPv6 route of the main table as the kernel describes it (the kernel filters
   * by table when the socket has strict checking on; the filter is applied here as well).
   */
  public List<RouteMessage> dump() {
    NetlinkRequest request =
        NetlinkRequest.of(
            "RTM_GETROUTE", "main table", Rtnl.RTM_GETROUTE, 0,
            w -> {
              rtmsg(w, Rtnl.AF_UNSPEC, 0, 0, 0, 0, 0);
              w.attrU32(Rtnl.RTA_TABLE, Rtnl.RT_TABLE_MAIN);
            });
    List<RouteMessage> out = new ArrayList<>();
    for (NetlinkMessage m : client.dump(request)) {
      if (m.type() == Rtnl.RTM_NEWROUTE && RouteMessage.isInet(m)) {
        RouteMessage r = RouteMessage.parse(m);
        if (r.table() == Rtnl.RT_TABLE_MAIN) {
          out.add(r);
        }
      }
    }
    return out;
  }

  /** The {@link Route} core's drivers see. */
  public static Route toRoute(RouteMessage m) {
    return new Route(
        IpPrefix.of(m.destination(), m.destinationLength()),
        m.gateway(),
        m.outputInterface(),
        m.priority());
  }

  // struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags.
  private static void rtmsg(
      MessageWriter w, int family, int dstLength, int table, int protocol, int scope, int type) {
    w.u8(family).u8(dstLength).u8(0).u8(0).u8(table).u8(protocol).u8(scope).u8(type).u32(0);
  }

  private static void write(MessageWriter w, Route route, boolean delete) {
    InetAddress destination = route.destination().address();
    int length = route.destination().length();
    int scope =
        delete
            ? Rtnl.RT_SCOPE_NOWHERE // matches any scope
            : route.gateway().isPresent() ? Rtnl.RT_SCOPE_UNIVERSE : Rtnl.RT_SCOPE_LINK;
    rtmsg(
        w,
        Inet.family(destination),
        length,
        Rtnl.RT_TABLE_MAIN,
        delete ? Rtnl.RTPROT_UNSPEC : Rtnl.RTPROT_BOOT,
        scope,
        Rtnl.RTN_UNICAST);
    if (length > 0) {
      w.attrBytes(Rtnl.RTA_DST, destination.getAddress());
    }
    route.gateway().ifPresent(gw -> w.attrBytes(Rtnl.RTA_GATEWAY, gw.getAddress()));
    route.device().ifPresent(oif -> w.attrU32(Rtnl.RTA_OIF, oif));
    route.metric().ifPresent(metric -> w.attrU32(Rtnl.RTA_PRIORITY, metric));
  }

  private static String describe(Route route) {
    StringBuilder b = new StringBuilder(route.destination().toString());
    route.gateway().ifPresent(gw -> b.append(" via ").append(gw.getHostAddress()));
    route.device().ifPresent(oif -> b.append(" dev ").append(oif));
    route.metric().ifPresent(metric -> b.append(" metric ").append(metric));
    return b.toString();
  }
}
