package io.netmodel.examples.tour;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.api.network.IpvlanNetworkSpec;
import io.netmodel.api.network.ParentInterface;
import java.util.List;

/**
 * Ipvlan mode, macvlan's sibling (not in the document): the sandbox's {@code eth0} is an
 * ipvlan device on the parent and shares the parent's MAC address; the LAN tells sandboxes
 * apart by IP alone. On a kernel without the {@code ipvlan} driver netmodel refuses the
 * network when it is made, naming the driver, and the chapter is that one line.
 *
 * <p>A parent carries macvlans or ipvlans, never both, and the LAN's subnet is {@code lan}'s:
 * when the driver is there the macvlan chapter's sandboxes and network go first.
 */
final class IpvlanChapter implements Chapter {
  static final String HEADING = "5a. ipvlan mode (macvlan's sibling, not in the document)";
  static final String NETWORK = "lan-ipvlan";
  /** TEST-NET-1 (RFC 5737): asking for the driver takes no subnet anyone uses. */
  private static final IpPrefix PROBE_SUBNET = IpPrefix.parse("192.0.2.0/24");

  @Override
  public void show(World world, Screen screen) throws Exception {
    Networking net = world.networking();
    ParentInterface parent = ParentInterface.parse(World.UPLINK);
    // netmodel refuses a network whose driver the kernel lacks when it is made; the parent
    // exists, so a network that is made changes nothing in the kernel until a sandbox joins.
    try {
      net.createNetwork(
          IpvlanNetworkSpec.of(NETWORK, parent).withIpv4(IpamConfig.of(PROBE_SUBNET)));
    } catch (UnsupportedOperationException e) {
      screen.unavailable(HEADING, e.getMessage());
      return;
    }
    net.removeNetwork(NETWORK);

    screen.heading(HEADING);
    screen.line("Like macvlan, but every sandbox shares the parent's MAC address: the LAN tells");
    screen.line("them apart by IP alone (for switches that allow one MAC per port). A parent");
    screen.line("carries macvlans or ipvlans, not both, so mv1, mv2 and " + MacvlanChapter.NETWORK
        + " go first.");
    net.removeSandbox("mv1");
    net.removeSandbox("mv2");
    net.removeNetwork(MacvlanChapter.NETWORK);
    String subnetFlags =
        "--subnet " + MacvlanChapter.LAN + " --gateway " + MacvlanChapter.GATEWAY
            + " --aux-address host=" + MacvlanChapter.HOST;
    net.createNetwork(
        IpvlanNetworkSpec.of(NETWORK, parent)
            .withIpv4(
                IpamConfig.of(MacvlanChapter.LAN, IpAddresses.parse(MacvlanChapter.GATEWAY))
                    .withAuxAddress("host", IpAddresses.parse(MacvlanChapter.HOST))));
    Sandbox iv1 = net.createSandbox(SandboxSpec.of(net.parseMode(NETWORK)).withName("iv1"));
    String endpointMac = MacvlanChapter.onlyEndpoint(iv1).macAddress().toString();
    screen.commands(
        "Docker and netmodel:",
        List.of(
            "docker network create -d ipvlan " + subnetFlags + " -o parent=" + World.UPLINK + " "
                + NETWORK,
            "docker run -itd --net=" + NETWORK + " --name=iv1 busybox",
            "netmodel network create -d ipvlan " + subnetFlags + " -o parent=" + World.UPLINK
                + " " + NETWORK,
            "netmodel create --network " + NETWORK + " --name iv1"));

    try (NamespaceHandle inIv1 = net.openNamespace("iv1")) {
      screen.blank();
      screen.output("ip -br link    # inside iv1", world.ip(inIv1, "-br", "link"));
      screen.output(
          "ip -br link show " + World.UPLINK + "    # on the host: the parent",
          world.ip(world.host(), "-br", "link", "show", World.UPLINK));
      World.LinkEntry device = MacvlanChapter.onlyLink(world, inIv1, "eth0", "iv1's eth0");
      World.LinkEntry parentLink =
          MacvlanChapter.onlyLink(world, world.host(), World.UPLINK, "the parent");
      String kind = device.kind().isEmpty() ? "(none)" : device.kind();
      String mac = device.mac();
      String parentMac = parentLink.mac();
      screen.claims(
          List.of(
              Claim.of(
                  "iv1's eth0 is an ipvlan sharing the host " + World.UPLINK + "'s MAC",
                  kind.equals("ipvlan") && !mac.isEmpty() && mac.equals(parentMac)
                      && mac.equals(endpointMac),
                  "iv1 eth0: " + kind + ", " + mac + "; host " + World.UPLINK + ": " + parentMac)));
    }
  }
}
