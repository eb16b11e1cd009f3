package io.netmodel.examples;

import io.netmodel.api.Endpoint;
import io.netmodel.api.Networking;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.api.network.IpvlanNetworkSpec;
import io.netmodel.api.network.ParentInterface;
import io.netmodel.linux.LinuxNetworking;
import java.util.ArrayList;
import java.util.List;

/**
 * Ipvlan mode (l2): sandboxes straight on a parent interface's network, like macvlan, but all
 * sharing the parent's MAC address; each has an address of that network's subnet. Needs the
 * kernel's {@code ipvlan} driver: without it, creating the network is refused naming it.
 */
public final class IpvlanModeExample {
  private IpvlanModeExample() {}

  /**
   * Makes ipvlan network "lan" on {@code parent} (subnet and gateway of the parent's network)
   * and sandboxes "iv1" and "iv2", returns their endpoints on it, removes all of it.
   */
  public static List<Endpoint> run(Networking net, String parent, String subnet, String gateway) {
    net.createNetwork(
        IpvlanNetworkSpec.of("lan", ParentInterface.parse(parent))
            .withIpv4(IpamConfig.of(IpPrefix.parse(subnet), IpAddresses.parse(gateway))));
    List<String> made = new ArrayList<>();
    try {
      List<Endpoint> endpoints = new ArrayList<>();
      for (String name : List.of("iv1", "iv2")) {
        made.add(name);
        endpoints.add(net.createSandbox(SandboxSpec.of(net.parseMode("lan")).withName(name))
            .endpoints().get(0));
      }
      return endpoints;
    } finally {
      made.forEach(net::removeSandbox);
      net.removeNetwork("lan");
    }
  }

  /** {@code IpvlanModeExample PARENT SUBNET GATEWAY}, for example {@code eth1 192.168.50.0/24 192.168.50.1}. */
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: IpvlanModeExample PARENT SUBNET GATEWAY");
      System.exit(2);
    }
    try (Networking net = LinuxNetworking.builder().build()) {
      for (Endpoint e : run(net, args[0], args[1], args[2])) {
        System.out.println(e.interfaceName() + " " + e.macAddress() + " " + e.addresses());
      }
    }
  }
}
