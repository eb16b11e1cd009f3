package io.netmodel.testkit.kernel;

import io.netmodel.core.kernel.Firewall;
import java.util.List;
import java.util.Objects;

/**
 * netmodel's firewall in one fake namespace: the {@link Firewall.BridgeRules} of each network,
 * kept by name, and the {@link Firewall.PortRules} of each endpoint, kept by key, which {@link
 * Paths} obeys when it follows a packet (masquerade, isolation, internal networks, ICC, direct
 * access, and the destination NAT of published ports with its hairpin masquerade). Rules name
 * bridges by name, as nf_tables' {@code iifname}/{@code oifname} do, so a network's rules may
 * be added before or after its bridge exists (an endpoint's ports that {@code 127.0.0.1}
 * reaches need it, see below). As the Linux port does, adding a network that is not
 * internal turns IPv4 forwarding on in the namespace through its sysctls (so every
 * interface's {@code ipv4/conf/X/forwarding} follows), and IPv6 forwarding too when it has an
 * IPv6 subnet, and adding one without ICC turns on
 * {@code bridge/bridge-nf-call-iptables} and {@code -ip6tables} (br_netfilter, which the fake
 * always has); nothing turns them off. Publishing an IPv4 port on every address or on a
 * loopback address turns on {@code ipv4/conf/B/route_localnet} of its bridge B first, so that
 * {@code 127.0.0.1} may be sent to a sandbox (a missing B is the sysctl's {@link
 * io.netmodel.api.NotFoundException}, and nothing is published); unpublishing leaves it on. When
 * two endpoints publish the same host address, port and protocol (the engine's held {@link
 * io.netmodel.core.kernel.Ports} keep that from happening), the smaller key wins. A network name must be non-empty, without {@code /} or
 * NUL (the Linux port's chain names hold it), or it is an {@link IllegalArgumentException}.
 */
final class FakeFirewall implements Firewall {
  private final KernelState state;
  private final NetNamespace ns;

  FakeFirewall(KernelState state, NetNamespace ns) {
    this.state = state;
    this.ns = ns;
  }

  /** The sysctls br_netfilter adds, which let bridged frames meet the ip and ip6 hooks. */
  private static final List<String> BR_NETFILTER_KEYS =
      List.of("bridge/bridge-nf-call-iptables", "bridge/bridge-nf-call-ip6tables");

  @Override
  public void addNetwork(BridgeRules rules) {
    Objects.requireNonNull(rules, "rules");
    checkNetwork(rules.network());
    synchronized (state) {
      ns.firewall.put(rules.network(), rules);
      if (!rules.icc()) {
        BR_NETFILTER_KEYS.forEach(key -> ns.sysctls.put(key, "1"));
      }
      if (!rules.internal()) {
        new FakeSysctls(state, ns).set(Sysctl.IP_FORWARD, "1");
        if (rules.subnets().stream().anyMatch(subnet -> !subnet.isIpv4())) {
          new FakeSysctls(state, ns).set(Sysctl.IPV6_CONF + "all/forwarding", "1");
        }
      }
    }
  }

  @Override
  public void removeNetwork(String network) {
    checkNetwork(network);
    synchronized (state) {
      ns.firewall.remove(network);
    }
  }

  @Override
  public List<String> networks() {
    synchronized (state) {
      return List.copyOf(ns.firewall.keySet());
    }
  }

  @Override
  public void publish(PortRules rules) {
    Objects.requireNonNull(rules, "rules");
    if (rules.ports().isEmpty()) {
      unpublish(rules.endpoint());
      return;
    }
    synchronized (state) {
      boolean loopbackToo = rules.ports().stream().anyMatch(p -> p.isIpv4()
          && p.hostIp().map(ip -> ip.isAnyLocalAddress() || ip.isLoopbackAddress()).orElse(true));
      if (loopbackToo) {
        // First, as the Linux port does: a missing bridge has no such sysctl (NotFound).
        new FakeSysctls(state, ns)
            .set(Sysctl.IPV4_CONF + rules.bridge().value() + "/route_localnet", "1");
      }
      ns.publications.put(rules.endpoint(), rules);
    }
  }

  @Override
  public void unpublish(String endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    PortRules.checkEndpoint(endpoint);
    synchronized (state) {
      ns.publications.remove(endpoint);
    }
  }

  @Override
  public List<String> publications() {
    synchronized (state) {
      return List.copyOf(ns.publications.keySet());
    }
  }

  private static void checkNetwork(String network) {
    Objects.requireNonNull(network, "network");
    if (network.isEmpty() || network.indexOf('/') >= 0 || network.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "network name must be non-empty, without '/' or NUL: \"" + network + "\"");
    }
  }
}
