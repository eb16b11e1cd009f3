package io.netmodel.testkit.assertions;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.Route;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a kernel reports of one network namespace at one moment: its links, addresses and
 * main-table routes, read through core's {@link Kernel} port only, so it works on the fake
 * and on the Linux port alike.
 *
 * <pre>{@code
 * NamespaceState state = NamespaceState.of(kernel, ns);
 * state.link("eth0").map(Link::mtu);
 * }</pre>
 *
 * <p>{@link #toString()} is the whole state as the assertions print it, one line per link,
 * address and route, in the manner of {@code ip}; it is a report and is not parsed back.
 * Immutable and thread-safe.
 *
 * @param namespace how the namespace is named in reports: its name or the file it was opened
 *     from, if any, and its identity
 * @param links its links, by index
 * @param addresses its addresses, IPv4 and IPv6
 * @param routes the routes of its main table, IPv4 and IPv6
 */
public record NamespaceState(
    String namespace, List<Link> links, List<AddressEntry> addresses, List<Route> routes) {

  public NamespaceState {
    Objects.requireNonNull(namespace, "namespace");
    links = List.copyOf(links);
    addresses = List.copyOf(addresses);
    routes = List.copyOf(routes);
  }

  /**
   * Reads the state of namespace {@code ns} from {@code kernel}. The handle stays open.
   *
   * @throws io.netmodel.api.KernelException if the kernel refuses to list them
   */
  public static NamespaceState of(Kernel kernel, NamespaceHandle ns) {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(ns, "ns");
    String label =
        "namespace "
            + ns.name().or(() -> ns.path().map(Path::toString)).map(name -> name + " ").orElse("")
            + ns.id();
    return new NamespaceState(
        label, kernel.links(ns).list(), kernel.addresses(ns).list(), kernel.routes(ns).list());
  }

  /** The link of that name. */
  public Optional<Link> link(String name) {
    return links.stream().filter(link -> link.name().equals(name)).findFirst();
  }

  /** The addresses of link {@code index}. */
  public List<AddressEntry> addressesOf(int index) {
    return addresses.stream().filter(address -> address.index() == index).toList();
  }

  /** The names of the links, by index. */
  public List<String> linkNames() {
    return links.stream().map(Link::name).toList();
  }

  /** The whole state, one line per link, address and route. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(namespace).append('\n');
    out.append("links:\n");
    if (links.isEmpty()) {
      out.append("  (none)\n");
    }
    for (Link link : links) {
      out.append("  ")
          .append(link.index())
          .append(": ")
          .append(link.name())
          .append(" kind ")
          .append(link.kind().filter(kind -> !kind.isEmpty()).orElse("-"))
          .append(link.up() ? " UP" : " DOWN")
          .append(" mtu ")
          .append(link.mtu())
          .append(" mac ")
          .append(link.macAddress().map(Object::toString).orElse("-"));
      link.master().ifPresent(master -> out.append(" master ").append(nameOf(master)));
      link.link().ifPresent(peer -> out.append(" link ").append(peer));
      if (link.group() != 0) {
        out.append(" group ").append(link.group());
      }
      out.append('\n');
    }
    out.append("addresses:\n");
    if (addresses.isEmpty()) {
      out.append("  (none)\n");
    }
    for (AddressEntry address : addresses) {
      out.append("  ").append(nameOf(address.index())).append(' ').append(address.prefix());
      if (address.noDad()) {
        out.append(" nodad");
      }
      out.append('\n');
    }
    out.append("routes:\n");
    if (routes.isEmpty()) {
      out.append("  (none)\n");
    }
    for (Route route : routes) {
      out.append("  ").append(route.isDefault() ? "default" : route.destination().toString());
      route.gateway().ifPresent(gw -> out.append(" via ").append(IpAddresses.toString(gw)));
      route.device().ifPresent(device -> out.append(" dev ").append(nameOf(device)));
      route.metric().ifPresent(metric -> out.append(" metric ").append(metric));
      out.append('\n');
    }
    return out.toString();
  }

  private String nameOf(int index) {
    return links.stream()
        .filter(link -> link.index() == index)
        .map(Link::name)
        .findFirst()
        .orElse("#" + index);
  }
}
