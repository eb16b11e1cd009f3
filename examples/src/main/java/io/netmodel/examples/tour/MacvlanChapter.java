package io.netmodel.examples.tour;

import io.netmodel.api.Endpoint;
import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.api.network.MacvlanNetworkSpec;
import io.netmodel.api.network.ParentInterface;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Macvlan mode (MacVLAN模式): the sandbox sits straight on the physical network. Its {@code
 * eth0} is a macvlan device on the host's NIC (the parent) with a MAC address of its own and
 * an address of the LAN, so the LAN sees it as one more machine, without NAT. Here the parent
 * is {@code tour-host}'s {@code eth0}, whose far end in {@code tour-outside} is the LAN and
 * its gateway. As with every macvlan, the host cannot talk to its sandboxes through the
 * parent itself.
 */
final class MacvlanChapter implements Chapter {
  static final String NETWORK = "lan";
  static final IpPrefix LAN = IpPrefix.parse("192.168.77.0/24");
  /** The LAN's gateway: tour-outside's address. */
  static final String GATEWAY =
      World.OUTSIDE_ADDRESS.substring(0, World.OUTSIDE_ADDRESS.indexOf('/'));
  /** The host's own address on the LAN, kept out of the network's allocations. */
  static final String HOST = World.HOST_ADDRESS.substring(0, World.HOST_ADDRESS.indexOf('/'));
  private static final int WEB_PORT = 80;
  private static final int OUTSIDE_PORT = 8080;

  @Override
  public void show(World world, Screen screen) throws Exception {
    screen.heading("5. macvlan mode (MacVLAN模式)");
    screen.line("The container goes straight onto the physical network: a macvlan device on the");
    screen.line("host's NIC (the parent) with a MAC address of its own and an address of the LAN,");
    screen.line("one more machine there, reached without NAT. Here the parent is the host's "
        + World.UPLINK + ",");
    screen.line("whose far end, tour-outside, is the LAN and its gateway " + GATEWAY + ".");

    Networking net = world.networking();
    net.createNetwork(
        MacvlanNetworkSpec.of(NETWORK, ParentInterface.parse(World.UPLINK))
            .withIpv4(
                IpamConfig.of(LAN, IpAddresses.parse(GATEWAY))
                    .withAuxAddress("host", IpAddresses.parse(HOST))));
    Sandbox mv1 = net.createSandbox(SandboxSpec.of(net.parseMode(NETWORK)).withName("mv1"));
    Sandbox mv2 = net.createSandbox(SandboxSpec.of(net.parseMode(NETWORK)).withName("mv2"));
    Endpoint mv1Endpoint = onlyEndpoint(mv1);
    InetAddress mv1Address = ipv4(mv1Endpoint).address();
    InetAddress mv2Address = ipv4(onlyEndpoint(mv2)).address();
    String mv1Literal = mv1Address.getHostAddress();
    String mv2Literal = mv2Address.getHostAddress();

    String subnetFlags =
        "--subnet " + LAN + " --gateway " + GATEWAY + " --aux-address host=" + HOST;
    screen.commands(
        "Docker (the document describes the mode, with no commands of its own):",
        List.of(
            "docker network create -d macvlan " + subnetFlags + " -o parent=" + World.UPLINK
                + " " + NETWORK,
            "docker run -itd --net=" + NETWORK + " --name=mv1 busybox",
            "docker run -itd --net=" + NETWORK + " --name=mv2 busybox",
            "docker exec -it mv1 ifconfig",
            "docker exec -it mv1 ping -c1 " + mv2Literal));
    screen.commands(
        "netmodel:",
        List.of(
            "netmodel network create -d macvlan " + subnetFlags + " -o parent=" + World.UPLINK
                + " " + NETWORK,
            "netmodel create --network " + NETWORK + " --name mv1",
            "netmodel create --network " + NETWORK + " --name mv2",
            "netmodel exec mv1 -- ip addr",
            "netmodel exec mv1 -- ping -c1 " + mv2Literal));

    try (NamespaceHandle inMv1 = net.openNamespace("mv1");
        NamespaceHandle inMv2 = net.openNamespace("mv2")) {
      NamespaceHandle host = world.host();
      NamespaceHandle outside = world.outside();
      screen.blank();
      screen.output("ip addr        # inside mv1", world.ip(inMv1, "addr"));
      screen.output("ip route       # inside mv1", world.ip(inMv1, "route"));
      screen.output(
          "ip -br link show " + World.UPLINK + "    # on the host: the parent, its own MAC",
          world.ip(host, "-br", "link", "show", World.UPLINK));

      World.LinkEntry device = onlyLink(world, inMv1, "eth0", "mv1's eth0");
      World.LinkEntry parent = onlyLink(world, host, World.UPLINK, "the host's eth0");
      String kind = device.kind().isEmpty() ? "(none)" : device.kind();
      String mac = device.mac();
      String parentMac = parent.mac();
      int linkIndex = device.linkIndex().orElse(-1);
      int parentIndex = parent.index();
      boolean ownMac =
          kind.equals("macvlan")
              && linkIndex == parentIndex
              && !mac.isEmpty()
              && !mac.equals(parentMac)
              && mac.equals(mv1Endpoint.macAddress().toString());

      List<String> eth0 =
          world.interfaces(inMv1).stream()
              .filter(i -> i.name().equals("eth0"))
              .flatMap(i -> i.addresses().stream())
              .filter(a -> a.indexOf(':') < 0)
              .collect(Collectors.toList());
      String endpointAddress = ipv4(mv1Endpoint).toString();
      List<World.RouteEntry> defaultRoutes =
          world.routes(inMv1).stream()
              .filter(World.RouteEntry::isDefault)
              .collect(Collectors.toList());
      String via =
          defaultRoutes.size() == 1 ? defaultRoutes.get(0).gateway().orElse("") : "";
      String dev = defaultRoutes.size() == 1 ? defaultRoutes.get(0).device() : "";
      boolean onTheLan =
          eth0.equals(List.of(endpointAddress))
              && LAN.contains(mv1Address)
              && !mv1Literal.equals(HOST)
              && !mv1Literal.equals(GATEWAY)
              && via.equals(GATEWAY)
              && dev.equals("eth0");

      Tcp.Outcome toMv2;
      try (World.Listener server = world.listen(inMv2, mv2Address, WEB_PORT, "hello from mv2")) {
        toMv2 = world.connect(inMv1, mv2Address, server.port());
      }

      InetAddress gateway = IpAddresses.parse(GATEWAY);
      Tcp.Outcome toOutside;
      try (World.Listener server = world.listenTellingPeer(outside, gateway, OUTSIDE_PORT)) {
        toOutside = world.connect(inMv1, gateway, server.port());
      }
      // How the LAN knows mv1: the outside's neighbour entry, learnt from mv1's own frames.
      String seenMac = world.neighbour(outside, mv1Address, World.UPLINK).orElse("");
      boolean direct =
          toOutside.connected()
              && toOutside.text().equals(Tcp.YOU_ARE + mv1Literal)
              && seenMac.equals(mac);

      Tcp.Outcome fromOutside;
      Tcp.Outcome fromHost;
      try (World.Listener server = world.listen(inMv1, mv1Address, WEB_PORT, "hello from mv1")) {
        fromOutside = world.connect(outside, mv1Address, server.port());
        fromHost = world.connect(host, mv1Address, server.port());
      }
      String mv1Target = mv1Literal + ":" + WEB_PORT;

      screen.claims(
          List.of(
              Claim.of(
                  "mv1's eth0 is a macvlan on the host's " + World.UPLINK + ", its own MAC",
                  ownMac,
                  "mv1 eth0: " + kind + " on the host's index " + linkIndex + ", " + mac + "; host "
                      + World.UPLINK + ": index " + parentIndex + ", " + parentMac),
              Claim.of(
                  "mv1 has an address of the LAN " + LAN + ", default via " + GATEWAY,
                  onTheLan,
                  "eth0 " + String.join(", ", eth0) + " (mv1's endpoint: " + endpointAddress
                      + "); " + (via.isEmpty() ? "no default route" : "default via " + via
                      + " dev " + dev)),
              Claim.of(
                  "mv1 reaches mv2 on the LAN",
                  toMv2.connected() && toMv2.text().equals("hello from mv2"),
                  "mv1 → " + mv2Literal + ":" + WEB_PORT + " (mv2's server): "
                      + HostChapter.describe(toMv2)),
              Claim.of(
                  "mv1 reaches the outside directly, as itself: no NAT",
                  direct,
                  "mv1 → " + GATEWAY + ":" + OUTSIDE_PORT + ": " + HostChapter.describe(toOutside)
                      + "; the outside's neighbour " + mv1Literal + " is "
                      + (seenMac.isEmpty() ? "unknown" : seenMac)),
              Claim.of(
                  "the host cannot reach mv1 through " + World.UPLINK + " (macvlan's rule)",
                  // Only telling when mv1's server does answer someone else on the LAN.
                  fromOutside.connected() && !fromHost.connected(),
                  mv1Target + " answers the outside (" + HostChapter.describe(fromOutside)
                      + "); from the host (" + HOST + "): " + fromHost.text())));
    }
  }

  /** The sandbox's one endpoint. */
  static Endpoint onlyEndpoint(Sandbox sandbox) {
    if (sandbox.endpoints().size() != 1) {
      throw new TourException(
          "sandbox " + sandbox.name() + " has " + sandbox.endpoints().size()
              + " endpoints, not one");
    }
    return sandbox.endpoints().get(0);
  }

  /** The endpoint's IPv4 address, as netmodel recorded it. */
  static IpPrefix ipv4(Endpoint endpoint) {
    return endpoint.addresses().stream()
        .filter(IpPrefix::isIpv4)
        .findFirst()
        .orElseThrow(
            () -> new TourException("endpoint on " + endpoint.network() + " has no IPv4 address"));
  }

  /** The one link named {@code name} inside {@code ns}. */
  static World.LinkEntry onlyLink(World world, NamespaceHandle ns, String name, String what) {
    List<World.LinkEntry> links =
        world.links(ns).stream().filter(l -> l.name().equals(name)).collect(Collectors.toList());
    if (links.size() != 1) {
      throw new TourException("`ip link` shows " + links.size() + " links for " + what);
    }
    return links.get(0);
  }
}
