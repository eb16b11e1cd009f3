package io.netmodel.examples.tour;

import io.netmodel.api.Endpoint;
import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.Bridge;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.PortMapping;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Bridge mode (bridge模式), Docker's default: each sandbox gets a veth pair, one end inside as
 * {@code eth0} with an address of the bridge's subnet and a default route via the gateway,
 * the other end a port of the host's bridge ({@code nm0}, netmodel's {@code docker0}). Two
 * sandboxes on it reach each other and the host, and the outside through NAT; a third, {@code
 * web}, publishes its port 80 on the host's 8080 ({@code -p 8080:80}), which answers the outside.
 */
final class BridgeChapter implements Chapter {
  static final String BRIDGE = "nm0";
  static final IpPrefix SUBNET = IpPrefix.parse("172.17.0.0/16");
  static final String GATEWAY = "172.17.0.1";
  private static final int WEB_PORT = 80;
  private static final int OUTSIDE_PORT = 8080;
  /** Docker's {@code -p 8080:80}: the host's port 8080 to web's port 80. */
  private static final PortMapping PUBLISH = PortMapping.parse("8080:80");

  @Override
  public void show(World world, Screen screen) throws Exception {
    screen.heading("4. bridge mode (桥接模式)");
    screen.line(
        "Docker's default, a NAT model: a bridge on the host (docker0; netmodel's is " + BRIDGE
            + ",");
    screen.line("so it can sit beside docker0), and for each container a veth pair, one end in");
    screen.line("the container's namespace as eth0, the other on the bridge. Containers get an");
    screen.line("address of the bridge's subnet and a default route via the bridge's address.");
    screen.line("A published port (docker run -p 8080:80) sends the host's port 8080 on to the");
    screen.line("container's port 80, so the outside reaches a container through the host.");

    Networking net = world.networking();
    Sandbox b1 = net.createSandbox(SandboxSpec.of(NetworkMode.parse("bridge")).withName("b1"));
    Sandbox b2 = net.createSandbox(SandboxSpec.of(NetworkMode.parse("bridge")).withName("b2"));
    Sandbox web =
        net.createSandbox(
            SandboxSpec.of(Bridge.defaultNetwork().withPublish(List.of(PUBLISH)))
                .withName("web"));
    InetAddress b1Address = firstIpv4(b1).address();
    InetAddress b2Address = firstIpv4(b2).address();
    String b2Literal = b2Address.getHostAddress();

    screen.commands(
        "Docker (the document names the mode, with no commands of its own):",
        List.of(
            "docker run -itd --name=b1 busybox",
            "docker run -itd --name=b2 busybox",
            "docker exec -it b1 ifconfig",
            "docker exec -it b1 ping -c1 " + b2Literal,
            "docker run -itd --name=web -p " + PUBLISH.hostPorts() + ":" + PUBLISH.containerPorts()
                + " busybox httpd -f -p " + PUBLISH.containerPorts()));
    screen.commands(
        "netmodel (the default network is bridge):",
        List.of(
            "netmodel create --name b1",
            "netmodel create --name b2",
            "netmodel exec b1 -- ip addr",
            "netmodel exec b1 -- ping -c1 " + b2Literal,
            "netmodel create --name web -p " + PUBLISH.hostPorts() + ":"
                + PUBLISH.containerPorts()));

    try (NamespaceHandle inB1 = net.openNamespace("b1");
        NamespaceHandle inB2 = net.openNamespace("b2");
        NamespaceHandle inWeb = net.openNamespace("web")) {
      NamespaceHandle host = world.host();
      screen.blank();
      screen.output("ip addr        # inside b1", world.ip(inB1, "addr"));
      screen.output("ip route       # inside b1", world.ip(inB1, "route"));
      screen.output(
          "ip -br addr show " + BRIDGE + "           # on the host",
          world.ip(host, "-br", "addr", "show", BRIDGE));
      screen.output(
          "ip -br link show master " + BRIDGE + "    # on the host: the bridge's ports",
          world.ip(host, "-br", "link", "show", "master", BRIDGE));

      List<Interface> seen = world.interfaces(inB1);
      List<String> eth0 =
          seen.stream()
              .filter(i -> i.name().equals("eth0"))
              .flatMap(i -> i.addresses().stream())
              .filter(a -> a.indexOf(':') < 0)
              .collect(Collectors.toList());
      String endpointAddress = firstIpv4(b1).toString();
      boolean eth0InSubnet =
          eth0.size() == 1
              && eth0.get(0).equals(endpointAddress)
              && SUBNET.contains(IpPrefix.parse(eth0.get(0)).address());

      Optional<World.RouteEntry> defaultRoute =
          world.routes(inB1).stream().filter(World.RouteEntry::isDefault).findFirst();
      String via = defaultRoute.flatMap(World.RouteEntry::gateway).orElse("");
      String dev = defaultRoute.map(World.RouteEntry::device).orElse("");
      List<String> onBridge = bridgeAddresses(world, host);
      boolean routeViaGateway =
          via.equals(GATEWAY)
              && dev.equals("eth0")
              && onBridge.contains(GATEWAY + "/" + SUBNET.length());

      List<Port> ports = ports(world, host);
      int peer1 = peerIndex(world, inB1);
      int peer2 = peerIndex(world, inB2);
      Optional<Port> port1 = ports.stream().filter(p -> p.index() == peer1).findFirst();
      Optional<Port> port2 = ports.stream().filter(p -> p.index() == peer2).findFirst();

      Tcp.Outcome toB2;
      try (World.Listener server = world.listen(inB2, b2Address, WEB_PORT, "hello from b2")) {
        toB2 = world.connect(inB1, b2Address, server.port());
      }
      InetAddress gateway = World.addressOf(GATEWAY + "/" + SUBNET.length());
      Tcp.Outcome toGateway;
      int gatewayPort;
      try (World.Listener server = world.listen(host, gateway, 0, "hello from the host")) {
        gatewayPort = server.port();
        toGateway = world.connect(inB1, gateway, gatewayPort);
      }
      InetAddress outside = World.addressOf(World.OUTSIDE_ADDRESS);
      Tcp.Outcome fromHost;
      Tcp.Outcome fromB1;
      try (World.Listener server =
          world.listenTellingPeer(world.outside(), outside, OUTSIDE_PORT)) {
        fromHost = world.connect(host, outside, server.port());
        fromB1 = world.connect(inB1, outside, server.port());
      }
      String hostOnUplink = World.addressOf(World.HOST_ADDRESS).getHostAddress();
      InetAddress webAddress = firstIpv4(web).address();
      int webPort = PUBLISH.containerPorts().first();
      int hostPort = PUBLISH.hostPorts().first();
      Tcp.Outcome toWeb;
      try (World.Listener server = world.listenTellingPeer(inWeb, webAddress, webPort)) {
        toWeb = world.connect(world.outside(), World.addressOf(World.HOST_ADDRESS), hostPort);
      }
      String outsideLiteral = outside.getHostAddress();
      String held =
          web.endpoints().stream()
              .flatMap(e -> e.ports().stream())
              .map(PortMapping::toString)
              .collect(Collectors.joining(", "));
      String forwarding = world.sysctl(host, "ipv4/ip_forward");
      String outsideTarget = outside.getHostAddress() + ":" + OUTSIDE_PORT;

      screen.claims(
          List.of(
              Claim.of(
                  "b1 has lo and eth0, its address in " + SUBNET,
                  Interface.names(seen).equals("lo, eth0") && eth0InSubnet,
                  Interface.names(seen) + "; eth0 " + String.join(", ", eth0)
                      + " (b1's endpoint: " + endpointAddress + ")"),
              Claim.of(
                  "b1's default route is via " + GATEWAY + ", on the host's " + BRIDGE,
                  routeViaGateway,
                  defaultRoute.map(r -> "default via " + via + " dev " + dev).orElse("no default")
                      + "; " + BRIDGE + " on the host: " + String.join(", ", onBridge)),
              Claim.of(
                  "the host end of each veth is a port of " + BRIDGE,
                  port1.isPresent() && port2.isPresent() && peer1 != peer2,
                  "b1 eth0 ↔ " + port1.map(Port::name).orElse("index " + peer1)
                      + ", b2 eth0 ↔ " + port2.map(Port::name).orElse("index " + peer2)
                      + "; ports of " + BRIDGE + ": "
                      + ports.stream().map(Port::name).collect(Collectors.joining(", "))),
              Claim.of(
                  "b1 reaches b2 over the bridge",
                  toB2.connected() && toB2.text().equals("hello from b2"),
                  "b1 → " + b2Literal + ":" + WEB_PORT + " (b2's server): "
                      + HostChapter.describe(toB2)),
              Claim.of(
                  "b1 reaches the host at the gateway",
                  toGateway.connected() && toGateway.text().equals("hello from the host"),
                  "b1 → " + GATEWAY + ":" + gatewayPort + " (the host's server): "
                      + HostChapter.describe(toGateway)),
              Claim.of(
                  "b1 reaches the outside through NAT: the outside sees the host's address",
                  fromB1.connected() && fromB1.text().equals(Tcp.YOU_ARE + hostOnUplink),
                  "b1 (" + b1Address.getHostAddress() + ") → " + outsideTarget + ": "
                      + HostChapter.describe(fromB1) + "; the host itself: "
                      + HostChapter.describe(fromHost) + "; host ip_forward=" + forwarding),
              Claim.of(
                  "a published port answers from outside (-p " + PUBLISH.hostPorts() + ":"
                      + PUBLISH.containerPorts() + ")",
                  toWeb.connected() && toWeb.text().equals(Tcp.YOU_ARE + outsideLiteral),
                  "outside (" + outsideLiteral + ") → " + hostOnUplink + ":" + hostPort
                      + " → web (" + webAddress.getHostAddress() + ":" + webPort + "): "
                      + HostChapter.describe(toWeb) + "; web publishes "
                      + (held.isEmpty() ? "nothing" : held))));
    }
  }

  /** The sandbox's first IPv4 address on its first network, as netmodel recorded it. */
  private static IpPrefix firstIpv4(Sandbox sandbox) {
    return sandbox.endpoints().stream()
        .map(Endpoint::addresses)
        .flatMap(List::stream)
        .filter(IpPrefix::isIpv4)
        .findFirst()
        .orElseThrow(
            () -> new TourException("sandbox " + sandbox.name() + " has no IPv4 address"));
  }

  /** The addresses of the bridge in the host namespace, {@code ADDRESS/PREFIXLEN}. */
  private static List<String> bridgeAddresses(World world, NamespaceHandle host) {
    return world.interfaces(host).stream()
        .filter(i -> i.name().equals(BRIDGE))
        .flatMap(i -> i.addresses().stream())
        .collect(Collectors.toList());
  }

  /** The veths whose master is the bridge, as {@code ip -d link show master nm0} lists them. */
  private static List<Port> ports(World world, NamespaceHandle host) {
    List<Port> result = new ArrayList<>();
    for (World.LinkEntry link : world.links(host)) {
      if (link.master().equals(Optional.of(BRIDGE)) && link.kind().equals("veth")) {
        result.add(new Port(link.index(), link.name()));
      }
    }
    return result;
  }

  /** The index, in the host namespace, of the other end of {@code eth0} inside {@code ns}. */
  private static int peerIndex(World world, NamespaceHandle ns) {
    List<World.LinkEntry> eth0 =
        world.links(ns).stream().filter(l -> l.name().equals("eth0")).collect(Collectors.toList());
    if (eth0.size() != 1 || eth0.get(0).linkIndex().isEmpty()) {
      throw new TourException("`ip link show eth0` names no peer: " + eth0);
    }
    return eth0.get(0).linkIndex().getAsInt();
  }

  /** A port of the bridge: its index and name in the host namespace. */
  private record Port(int index, String name) {}
}
