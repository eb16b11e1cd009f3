package io.netmodel.examples.tour;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import java.net.InetAddress;
import java.util.List;

/**
 * Host mode (主机模式): the sandbox has no namespace of its own; it sees the host's interfaces
 * and addresses, and a server in it is reached from outside at the host's address, without
 * NAT.
 */
final class HostChapter implements Chapter {
  private static final int WEB_PORT = 80;

  @Override
  public void show(World world, Screen screen) throws Exception {
    screen.heading("1. host mode (主机模式)");
    screen.line("The container gets no network namespace of its own: it uses the host's");
    screen.line("interfaces, addresses and ports, as if it ran on the host itself.");
    screen.commands(
        "The document:",
        List.of("docker run -itd --net=host --name=host busybox", "docker exec -it host ifconfig"));
    screen.commands(
        "netmodel:",
        List.of("netmodel create --network host --name host", "netmodel exec host -- ip addr"));

    Networking net = world.networking();
    Sandbox host = net.createSandbox(SandboxSpec.of(NetworkMode.parse("host")).withName("host"));
    try (NamespaceHandle inside = net.openNamespace("host")) {
      screen.blank();
      screen.output("ip addr        # inside sandbox host", world.ip(inside, "addr"));
      List<Interface> seen = world.interfaces(inside);
      List<Interface> hosts = world.interfaces(world.host());
      InetAddress hostAddress = World.addressOf(World.HOST_ADDRESS);
      Tcp.Outcome web;
      try (World.Listener server = world.listen(inside, hostAddress, WEB_PORT, "hello from host")) {
        web = world.connect(world.outside(), hostAddress, server.port());
      }
      screen.claims(
          List.of(
              Claim.of(
                  "host lives in the host's network namespace",
                  host.namespace().equals(world.host().id()),
                  host.namespace() + " = tour-host " + world.host().id()),
              Claim.of(
                  "host sees the host's interfaces",
                  Interface.names(seen).equals(Interface.names(hosts)),
                  Interface.names(seen) + " = " + Interface.names(hosts)),
              Claim.of(
                  "host sees the host's addresses, the same IP",
                  Interface.allAddresses(seen).equals(Interface.allAddresses(hosts)),
                  Interface.ipv4(seen) + " = " + Interface.ipv4(hosts)),
              Claim.of(
                  "the outside reaches a server in host at the host's IP, no NAT",
                  web.connected() && web.text().equals("hello from host"),
                  "192.168.77.1 → " + hostAddress.getHostAddress() + ":" + WEB_PORT + ": "
                      + describe(web))));
    }
  }

  static String describe(Tcp.Outcome outcome) {
    return outcome.connected() ? "\"" + outcome.text() + "\"" : outcome.text();
  }
}
