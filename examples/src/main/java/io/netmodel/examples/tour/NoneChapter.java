package io.netmodel.examples.tour;

import io.netmodel.api.Networking;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * None mode (none模式): a namespace of its own with nothing configured: only {@code lo}, no
 * route, nothing reachable.
 */
final class NoneChapter implements Chapter {
  private static final int OUTSIDE_PORT = 8080;

  @Override
  public void show(World world, Screen screen) throws Exception {
    screen.heading("3. none mode (none模式)");
    screen.line("The container has a network namespace of its own, and nothing is configured");
    screen.line("in it: no network card, no IP, no route.");
    screen.commands(
        "The document:",
        List.of(
            "docker run -itd --name=none --net=none busybox", "docker exec -it none ifconfig"));
    screen.commands(
        "netmodel:",
        List.of(
            "netmodel create --network none --name none",
            "netmodel exec none -- ip addr",
            "netmodel exec none -- ip route"));

    Networking net = world.networking();
    net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("none"));
    try (NamespaceHandle inside = net.openNamespace("none")) {
      screen.blank();
      screen.output("ip addr        # inside none", world.ip(inside, "addr"));
      screen.output("ip route       # inside none", world.ip(inside, "route"));
      List<Interface> seen = world.interfaces(inside);
      List<String> routes =
          world.routes(inside).stream()
              .map(World.RouteEntry::toString)
              .collect(Collectors.toList());
      InetAddress outside = World.addressOf(World.OUTSIDE_ADDRESS);
      Tcp.Outcome fromHost;
      Tcp.Outcome fromNone;
      try (World.Listener server =
          world.listen(world.outside(), outside, OUTSIDE_PORT, "hello from outside")) {
        fromHost = world.connect(world.host(), outside, server.port());
        fromNone = world.connect(inside, outside, server.port());
      }
      String target = outside.getHostAddress() + ":" + OUTSIDE_PORT;
      screen.claims(
          List.of(
              Claim.of(
                  "none has only lo",
                  Interface.names(seen).equals("lo"),
                  Interface.names(seen)),
              Claim.of(
                  "none has no route",
                  routes.isEmpty(),
                  routes.isEmpty() ? "ip -j route: []" : String.join("; ", routes)),
              Claim.of(
                  "nothing is reachable from none",
                  fromHost.connected()
                      && !fromNone.connected()
                      && fromNone.text().contains("Network is unreachable"),
                  target + " answers the host (" + HostChapter.describe(fromHost)
                      + "); from none: " + fromNone.text())));
    }
  }
}
