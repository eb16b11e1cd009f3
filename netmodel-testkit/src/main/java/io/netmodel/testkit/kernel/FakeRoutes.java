package io.netmodel.testkit.kernel;

import io.netmodel.api.net.IpPrefix;
import io.netmodel.core.kernel.Route;
import io.netmodel.core.kernel.Routes;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The main routing table of one fake namespace. As in Linux: a gateway must lie in a
 * gateway-less (link scope) route of the namespace, on the route's device when one is given,
 * else the route is refused with {@code ENETUNREACH} (IPv4) or {@code EHOSTUNREACH} (IPv6); a
 * missing device is {@code ENODEV}, a down one {@code ENETDOWN}; a route to the same
 * destination with the same metric is {@code EEXIST}. Listed routes carry their output
 * device; IPv6 ones their metric (1024 when added without one, 256 for the kernel's own).
 */
final class FakeRoutes implements Routes {
  private final KernelState state;
  private final NetNamespace ns;

  FakeRoutes(KernelState state, NetNamespace ns) {
    this.state = state;
    this.ns = ns;
  }

  @Override
  public void add(Route route) {
    Objects.requireNonNull(route, "route");
    String object = describe(route);
    boolean v4 = route.destination().isIpv4();
    synchronized (state) {
      if (route.device().isPresent()) {
        LinkState link =
            ns.link(route.device().getAsInt())
                .orElseThrow(() -> Errno.ENODEV.of("RTM_NEWROUTE", object));
        if (!link.up) {
          throw Errno.ENETDOWN.of("RTM_NEWROUTE", object, "Nexthop device is not up");
        }
      }
      int device = route.device().orElse(0);
      if (route.gateway().isPresent()) {
        InetAddress gateway = route.gateway().get();
        boolean linkLocal = !v4 && gateway.isLinkLocalAddress() && device != 0;
        if (!linkLocal) {
          device = onLinkDevice(gateway, device)
              .orElseThrow(
                  () -> v4
                      ? Errno.ENETUNREACH.of("RTM_NEWROUTE", object, "Nexthop has invalid gateway")
                      : Errno.EHOSTUNREACH.of("RTM_NEWROUTE", object));
        }
      }
      Route stored =
          new Route(route.destination(), route.gateway(), OptionalInt.of(device), metricOf(route));
      for (NetNamespace.RouteEntry existing : ns.routes) {
        Route r = existing.route();
        if (r.destination().equals(stored.destination())
            && effectiveMetric(r) == effectiveMetric(stored)) {
          throw Errno.EEXIST.of("RTM_NEWROUTE", object);
        }
      }
      ns.routes.add(new NetNamespace.RouteEntry(stored, false));
    }
  }

  /** The device of the most specific gateway-less route containing {@code gateway}. */
  private Optional<Integer> onLinkDevice(InetAddress gateway, int device) {
    Route best = null;
    for (NetNamespace.RouteEntry entry : ns.routes) {
      Route r = entry.route();
      if (r.gateway().isEmpty()
          && r.destination().contains(gateway)
          && (device == 0 || r.device().getAsInt() == device)
          && (best == null || r.destination().length() > best.destination().length())) {
        best = r;
      }
    }
    return best == null ? Optional.empty() : Optional.of(best.device().getAsInt());
  }

  /** IPv4 reports no metric for 0; IPv6 makes 0 or none the user default, 1024. */
  private static OptionalInt metricOf(Route route) {
    int metric = route.metric().orElse(0);
    if (route.destination().isIpv4()) {
      return metric == 0 ? OptionalInt.empty() : OptionalInt.of(metric);
    }
    return OptionalInt.of(metric == 0 ? KernelState.IP6_RT_PRIO_USER : metric);
  }

  private static int effectiveMetric(Route route) {
    return route.metric().orElse(0);
  }

  @Override
  public boolean delete(Route route) {
    Objects.requireNonNull(route, "route");
    synchronized (state) {
      for (NetNamespace.RouteEntry entry : ns.routes) {
        if (matches(entry.route(), route)) {
          ns.routes.remove(entry);
          return true;
        }
      }
      return false;
    }
  }

  /** What {@code RTM_DELROUTE} matches: the destination, and what the request gives. */
  private static boolean matches(Route existing, Route request) {
    IpPrefix destination = request.destination();
    int metric = request.metric().orElse(0);
    return existing.destination().equals(destination)
        && (request.gateway().isEmpty() || request.gateway().equals(existing.gateway()))
        && (request.device().isEmpty() || request.device().equals(existing.device()))
        && (metric == 0 || effectiveMetric(existing) == metric);
  }

  @Override
  public List<Route> list() {
    synchronized (state) {
      List<Route> out = new ArrayList<>();
      for (boolean v4 : new boolean[] {true, false}) {
        for (NetNamespace.RouteEntry entry : ns.routes) {
          if (entry.route().destination().isIpv4() == v4) {
            out.add(entry.route());
          }
        }
      }
      return out;
    }
  }

  private static String describe(Route route) {
    StringBuilder b = new StringBuilder(route.destination().toString());
    route.gateway().ifPresent(gw -> b.append(" via ").append(gw.getHostAddress()));
    route.device().ifPresent(oif -> b.append(" dev ").append(oif));
    route.metric().ifPresent(metric -> b.append(" metric ").append(metric));
    return b.toString();
  }
}
