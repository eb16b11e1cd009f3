package io.netmodel.testkit.kernel;

import io.netmodel.core.kernel.Firewall;
import java.util.List;
import java.util.Objects;

/**
 * netmodel's firewall in one fake namespace: the {@link Firewall.BridgeRules} of each network,
 * kept by name, which {@link Paths} obeys when it follows a packet. Rules name bridges by
 * name, as nf_tables' {@code iifname}/{@code oifname} do, so a network's rules may be added
 * before or after its bridge exists. As the Linux port does, adding a network that is not
 * internal turns IPv4 forwarding on in the namespace through its sysctls (so every
 * interface's {@code ipv4/conf/X/forwarding} follows), and adding one without ICC turns on
 * {@code bridge/bridge-nf-call-iptables} and {@code -ip6tables} (br_netfilter, which the fake
 * always has); nothing turns them off. A network name must be non-empty, without {@code /} or
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

  private static void checkNetwork(String network) {
    Objects.requireNonNull(network, "network");
    if (network.isEmpty() || network.indexOf('/') >= 0 || network.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "network name must be non-empty, without '/' or NUL: \"" + network + "\"");
    }
  }
}
