package io.netmodel.core.engine;

import io.netmodel.api.ConflictException;
import io.netmodel.api.KernelException;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.PortMapping;
import io.netmodel.api.net.PortRange;
import io.netmodel.api.net.Protocol;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.Links;
import io.netmodel.core.kernel.Ports;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a bridge endpoint's ports (Docker's {@code -p}): checks them against every port
 * already published in the state, holds each host port with a bound socket in the host
 * namespace ({@link Ports}), turns hairpin mode on for the endpoint's bridge port (so the
 * sandbox reaches its own published port through the host), and installs the rules ({@link
 * Firewall#publish}).
 *
 * <p>A mapping without a host address is published on every IPv4 address when the endpoint has
 * an IPv4 address, and on every IPv6 address when it has an IPv6 one, on the same host port
 * (as Docker does since 27); one with a host address for that address's family only. Host port
 * 0 or none is chosen by the kernel from its ephemeral range; a host range for one sandbox port
 * gives the first port of the range free on every family published.
 *
 * <p>The sockets holding the ports live as long as this publisher (its engine) or until the
 * endpoint goes: the rules stay in the kernel after the program ends (a command-line run, say),
 * and the state keeps the ports, so a later program still refuses them; only another program
 * could then bind them. Thread-safe; called under the state store's lock.
 */
final class PortPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PortPublisher.class);
  private static final InetAddress ANY4 = IpAddresses.parse("0.0.0.0");
  private static final InetAddress ANY6 = IpAddresses.parse("::");
  /** How often an ephemeral port free on IPv4 but taken on IPv6 is drawn again. */
  private static final int EPHEMERAL_ATTEMPTS = 8;

  private final Kernel kernel;
  private final Plumbing plumbing;
  /** The held sockets of each endpoint key. */
  private final Map<String, List<Ports.HeldPort>> held = new ConcurrentHashMap<>();

  PortPublisher(Plumbing plumbing) {
    this.plumbing = plumbing;
    this.kernel = plumbing.kernel();
  }

  /** The firewall's key for the endpoint of sandbox {@code sandboxId} on {@code network}. */
  static String key(String sandboxId, NetworkRecord network) {
    return sandboxId + "/" + network.id().substring(0, 12);
  }

  /**
   * Publishes {@code asked} for {@code endpoint} of sandbox {@code sandboxId}; {@code
   * published} are the ports every other endpoint publishes. Undoes what it did on failure.
   *
   * @return the endpoint with the ports as held
   * @throws ConflictException if a host port is published already or taken by another program
   * @throws IllegalArgumentException if a host address's family is one the endpoint lacks
   */
  EndpointRecord publish(
      NetworkRecord network,
      String sandboxId,
      EndpointRecord endpoint,
      List<PortMapping> asked,
      List<PortMapping> published) {
    if (asked.isEmpty()) {
      return endpoint;
    }
    if (network.spec().internal()) {
      throw new ConflictException(
          "network " + network.name() + " is internal: nothing reaches its sandboxes from"
              + " outside, so it cannot publish " + asked);
    }
    String key = key(sandboxId, network);
    List<Ports.HeldPort> holding = new ArrayList<>();
    List<PortMapping> bound = new ArrayList<>();
    List<Firewall.PublishedPort> rules = new ArrayList<>();
    Firewall firewall = kernel.firewall(plumbing.host());
    try {
      for (PortMapping mapping : ephemeralApart(asked)) {
        List<InetAddress> sandboxAddresses = sandboxAddresses(network, endpoint, mapping);
        PortMapping result =
            hold(mapping, binds(mapping, sandboxAddresses), holding, published, bound);
        bound.add(result);
        rules.addAll(rulesOf(result, sandboxAddresses));
      }
      hairpin(endpoint);
      firewall.publish(new Firewall.PortRules(
          key, network.name(), network.bridge().bridgeName().orElseThrow(), rules));
      held.put(key, List.copyOf(holding));
      log.debug("published {} of endpoint {} on network {}", bound, key, network.name());
      return endpoint.withPorts(bound);
    } catch (RuntimeException e) {
      holding.forEach(Ports.HeldPort::close);
      throw e;
    }
  }

  /**
   * The mappings with each ephemeral one for several sandbox ports split into one per port:
   * as Docker does, each sandbox port of {@code -p 80-81} gets its own ephemeral host port.
   */
  private static List<PortMapping> ephemeralApart(List<PortMapping> asked) {
    List<PortMapping> out = new ArrayList<>();
    for (PortMapping mapping : asked) {
      if (!mapping.isHostPortAny() || mapping.containerPorts().isSingle()) {
        out.add(mapping);
        continue;
      }
      for (int port = mapping.containerPorts().first();
          port <= mapping.containerPorts().last();
          port++) {
        out.add(new PortMapping(
            mapping.hostIp(), PortRange.ANY, PortRange.of(port), mapping.protocol()));
      }
    }
    return out;
  }

  /**
   * The firewall's view of one held mapping: a {@link Firewall.PublishedPort} per host port and
   * sandbox address.
   */
  private static List<Firewall.PublishedPort> rulesOf(
      PortMapping bound, List<InetAddress> sandboxAddresses) {
    List<Firewall.PublishedPort> rules = new ArrayList<>();
    for (InetAddress address : sandboxAddresses) {
      for (int i = 0; i < bound.hostPorts().size(); i++) {
        int sandboxPort = bound.containerPorts().isSingle()
            ? bound.containerPorts().first()
            : bound.containerPorts().first() + i;
        rules.add(new Firewall.PublishedPort(
            bound.hostIp(), bound.hostPorts().first() + i, address, sandboxPort,
            bound.protocol()));
      }
    }
    return rules;
  }

  /**
   * Makes the kernel's published ports match the state's: rules of endpoints the state no
   * longer has (a program that ended between its rules and its state write) are removed, and
   * those of endpoints the state has but the kernel lacks (rules flushed by hand, a namespace
   * rebuilt) are installed again. The ports are not held again: the program that published
   * them may still hold them.
   *
   * @param expected each endpoint with published ports: its sandbox id, network and record
   */
  void reconcile(List<Published> expected) {
    Firewall firewall = kernel.firewall(plumbing.host());
    Map<String, Published> byKey = new HashMap<>();
    for (Published p : expected) {
      byKey.put(key(p.sandboxId(), p.network()), p);
    }
    List<String> installed = firewall.publications();
    for (String key : installed) {
      if (!byKey.containsKey(key)) {
        log.info("removing the published-port rules of endpoint {}, which no sandbox has", key);
        firewall.unpublish(key);
      }
    }
    for (Map.Entry<String, Published> entry : byKey.entrySet()) {
      if (installed.contains(entry.getKey())) {
        continue;
      }
      Published p = entry.getValue();
      List<Firewall.PublishedPort> rules = new ArrayList<>();
      for (PortMapping bound : p.endpoint().ports()) {
        rules.addAll(rulesOf(bound, sandboxAddresses(p.network(), p.endpoint(), bound)));
      }
      log.info("installing again the published-port rules of endpoint {}", entry.getKey());
      firewall.publish(new Firewall.PortRules(entry.getKey(), p.network().name(),
          p.network().bridge().bridgeName().orElseThrow(), rules));
    }
  }

  /** An endpoint with published ports, as the state has it. */
  record Published(String sandboxId, NetworkRecord network, EndpointRecord endpoint) {}

  /** Removes the rules of {@code endpoint}'s published ports and lets its host ports go. */
  void unpublish(String sandboxId, NetworkRecord network, EndpointRecord endpoint) {
    if (endpoint.ports().isEmpty()) {
      return;
    }
    String key = key(sandboxId, network);
    kernel.firewall(plumbing.host()).unpublish(key);
    release(key);
  }

  /** Lets every held port go. */
  @Override
  public void close() {
    for (String key : List.copyOf(held.keySet())) {
      release(key);
    }
  }

  private void release(String key) {
    List<Ports.HeldPort> ports = held.remove(key);
    if (ports != null) {
      ports.forEach(Ports.HeldPort::close);
    }
  }

  /**
   * The sandbox addresses {@code mapping} goes to: that of its host address's family, or one
   * of each family the endpoint has when it has none.
   */
  private static List<InetAddress> sandboxAddresses(
      NetworkRecord network, EndpointRecord endpoint, PortMapping mapping) {
    List<InetAddress> out = new ArrayList<>();
    Optional<InetAddress> hostIp = mapping.hostIp();
    boolean v4 = hostIp.isEmpty() || hostIp.get() instanceof Inet4Address;
    boolean v6 = hostIp.isEmpty() || hostIp.get() instanceof Inet6Address;
    if (v4) {
      endpoint.ipv4().map(IpPrefix::address).ifPresent(out::add);
    }
    if (v6) {
      endpoint.ipv6().map(IpPrefix::address).ifPresent(out::add);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot publish " + mapping + ": the sandbox has no "
              + (v4 ? "IPv4" : "IPv6") + " address on network " + network.name());
    }
    return out;
  }

  /**
   * Holds the host ports of {@code mapping} on each of {@code binds} (one port for all of them)
   * and returns the mapping with the ports held.
   */
  private PortMapping hold(
      PortMapping mapping,
      List<InetAddress> binds,
      List<Ports.HeldPort> holding,
      List<PortMapping> published,
      List<PortMapping> boundBefore) {
    Protocol protocol = mapping.protocol();
    PortRange ports = mapping.hostPorts();
    if (!ports.isAny() && !mapping.isHostRangeDynamic()) {
      checkFree(mapping, ports, published, boundBefore);
      for (int port = ports.first(); port <= ports.last(); port++) {
        for (InetAddress address : binds) {
          holding.add(holdOne(mapping, address, protocol, PortRange.of(port)));
        }
      }
      return mapping;
    }
    if (ports.isAny()) {
      for (int attempt = 1; ; attempt++) {
        Ports.HeldPort first = holdOne(mapping, binds.get(0), protocol, PortRange.ANY);
        int port = first.port();
        List<Ports.HeldPort> these = new ArrayList<>(List.of(first));
        try {
          for (InetAddress other : binds.subList(1, binds.size())) {
            these.add(holdOne(mapping, other, protocol, PortRange.of(port)));
          }
          checkFree(mapping, PortRange.of(port), published, boundBefore);
        } catch (ConflictException e) {
          these.forEach(Ports.HeldPort::close);
          if (attempt >= EPHEMERAL_ATTEMPTS) {
            throw e;
          }
          continue;
        }
        holding.addAll(these);
        return new PortMapping(
            mapping.hostIp(), PortRange.of(port), mapping.containerPorts(), protocol);
      }
    }
    // A host range for one sandbox port: the first port free on every address.
    for (int port = ports.first(); port <= ports.last(); port++) {
      if (clash(mapping, PortRange.of(port), published, boundBefore).isPresent()) {
        continue;
      }
      List<Ports.HeldPort> these = new ArrayList<>();
      try {
        for (InetAddress address : binds) {
          these.add(holdOne(mapping, address, protocol, PortRange.of(port)));
        }
      } catch (ConflictException e) {
        these.forEach(Ports.HeldPort::close);
        continue;
      }
      holding.addAll(these);
      return new PortMapping(
          mapping.hostIp(), PortRange.of(port), mapping.containerPorts(), protocol);
    }
    throw new ConflictException(
        "cannot publish " + mapping + ": every host port of " + ports
            + " is published already or taken by another program");
  }

  /**
   * The addresses to bind for {@code mapping}: its host address, or the unspecified address
   * of each family it goes to.
   */
  private static List<InetAddress> binds(PortMapping mapping, List<InetAddress> sandbox) {
    if (mapping.hostIp().isPresent()) {
      return List.of(mapping.hostIp().get());
    }
    List<InetAddress> out = new ArrayList<>();
    for (InetAddress address : sandbox) {
      out.add(address instanceof Inet4Address ? ANY4 : ANY6);
    }
    return out;
  }

  private Ports.HeldPort holdOne(
      PortMapping mapping, InetAddress address, Protocol protocol, PortRange ports) {
    try {
      return kernel.ports(plumbing.host()).hold(address, protocol, ports);
    } catch (KernelException e) {
      if (e.is("EADDRINUSE")) {
        throw new ConflictException(
            "cannot publish " + mapping + ": host port " + ports + "/" + protocol + " on "
                + IpAddresses.toString(address) + " is taken by another program", e);
      }
      if (e.is("EADDRNOTAVAIL")) {
        throw new IllegalArgumentException(
            "cannot publish " + mapping + ": " + IpAddresses.toString(address)
                + " is not an address of the host", e);
      }
      throw e;
    }
  }

  private static void checkFree(
      PortMapping mapping, PortRange ports, List<PortMapping> published,
      List<PortMapping> boundBefore) {
    Optional<PortMapping> clash = clash(mapping, ports, published, boundBefore);
    if (clash.isPresent()) {
      throw new ConflictException(
          "cannot publish " + mapping + ": host port " + ports + "/" + mapping.protocol()
              + " is published already (" + clash.get() + ")");
    }
  }

  /** A published mapping on an address, port and protocol that {@code ports} would share. */
  private static Optional<PortMapping> clash(
      PortMapping mapping, PortRange ports, List<PortMapping> published,
      List<PortMapping> boundBefore) {
    for (List<PortMapping> mappings : List.of(published, boundBefore)) {
      for (PortMapping other : mappings) {
        if (other.protocol() == mapping.protocol()
            && !other.hostPorts().isAny()
            && other.hostPorts().last() >= ports.first()
            && other.hostPorts().first() <= ports.last()
            && addressesOverlap(mapping.hostIp(), other.hostIp())) {
          return Optional.of(other);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether two host addresses share a port: equal, or one of them every address (of both
   * families when absent, of its own when unspecified).
   */
  private static boolean addressesOverlap(Optional<InetAddress> a, Optional<InetAddress> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return true;
    }
    InetAddress x = a.get();
    InetAddress y = b.get();
    if (x.isAnyLocalAddress() || y.isAnyLocalAddress()) {
      return (x instanceof Inet4Address) == (y instanceof Inet4Address);
    }
    return x.equals(y);
  }

  /** Turns hairpin mode on for the endpoint's bridge port. */
  private void hairpin(EndpointRecord endpoint) {
    InterfaceName hostEnd = endpoint.hostInterface().orElseThrow(
        () -> new IllegalStateException("bridge endpoint without a host interface: " + endpoint));
    Links links = kernel.links(plumbing.host());
    Link port = links.get(hostEnd).orElseThrow(
        () -> new IllegalStateException("the host end " + hostEnd + " of the endpoint is gone"));
    links.change(port.index(), LinkChange.none().withHairpin(true));
  }
}
