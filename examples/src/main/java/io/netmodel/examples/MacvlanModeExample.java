package io.netmodel.examples;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.api.network.MacvlanNetworkSpec;
import io.netmodel.api.network.ParentInterface;
import io.netmodel.linux.LinuxNetworking;
import java.io.BufferedReader;
import java.util.List;

/**
 * Macvlan mode: a sandbox straight on a parent interface's network, with a MAC address of its
 * own and an address of that network's subnet.
 */
public final class MacvlanModeExample {
  private MacvlanModeExample() {}

  /**
   * Makes macvlan network "lan" on {@code parent} (subnet and gateway of the parent's
   * network) and sandbox "mv1", returns what {@code ip -br link} and {@code ip -br addr} print
   * inside it, removes both.
   */
  public static List<String> run(
      LinuxNetworking.Builder settings, String parent, String subnet, String gateway)
      throws Exception {
    try (Networking net = settings.build()) {
      net.createNetwork(
          MacvlanNetworkSpec.of("lan", ParentInterface.parse(parent))
              .withIpv4(IpamConfig.of(IpPrefix.parse(subnet), IpAddresses.parse(gateway))));
      try {
        Sandbox mv1 = net.createSandbox(SandboxSpec.of(net.parseMode("lan")).withName("mv1"));
        try (NamespaceHandle ns = net.openNamespace(mv1.name())) {
          List<String> lines = new java.util.ArrayList<>(ip(ns, "link"));
          lines.addAll(ip(ns, "addr"));
          return lines;
        } finally {
          net.removeSandbox("mv1");
        }
      } finally {
        net.removeNetwork("lan");
      }
    }
  }

  private static List<String> ip(NamespaceHandle ns, String object) throws Exception {
    Process ip = ns.start(new ProcessBuilder("ip", "-br", object).redirectErrorStream(true));
    try (BufferedReader out = ip.inputReader()) {
      List<String> lines = out.lines().toList();
      if (ip.waitFor() != 0) {
        throw new IllegalStateException("ip -br " + object + " failed: " + lines);
      }
      return lines;
    }
  }

  /** {@code MacvlanModeExample PARENT SUBNET GATEWAY}, for example {@code eth1 192.168.50.0/24 192.168.50.1}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: MacvlanModeExample PARENT SUBNET GATEWAY");
      System.exit(2);
    }
    run(LinuxNetworking.builder(), args[0], args[1], args[2]).forEach(System.out::println);
  }
}
