package io.netmodel.examples.tour;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpPrefix;
import java.net.InetAddress;
import java.util.List;

/**
 * Container mode (container模式): con2 joins con1's namespace; the two see the same
 * interfaces and IP and talk to each other over {@code lo}.
 */
final class ContainerChapter implements Chapter {
  @Override
  public void show(World world, Screen screen) throws Exception {
    screen.heading("2. container mode (container模式)");
    screen.line("The new container shares the network namespace of an existing one: the same");
    screen.line("interfaces, IP and ports; the two containers' processes talk over lo.");
    screen.commands(
        "The document:",
        List.of(
            "docker run -itd --name=con1 busybox",
            "docker exec -it con1 ifconfig",
            "docker run -itd --net=container:con1 --name=con2 busybox",
            "docker exec -it con2 ifconfig"));
    screen.commands(
        "netmodel:",
        List.of(
            "netmodel create --name con1   # on the default network, bridge, as Docker's con1",
            "netmodel exec con1 -- ip addr",
            "netmodel create --network container:con1 --name con2",
            "netmodel exec con2 -- ip addr"));

    Networking net = world.networking();
    Sandbox con1 =
        net.createSandbox(SandboxSpec.of(NetworkMode.parse("bridge")).withName("con1"));
    String con1Address =
        con1.endpoints().stream()
            .flatMap(e -> e.addresses().stream())
            .filter(IpPrefix::isIpv4)
            .findFirst()
            .orElseThrow(() -> new TourException("sandbox con1 has no IPv4 address"))
            .toString();
    try (NamespaceHandle inCon1 = net.openNamespace("con1")) {
      Sandbox con2 =
          net.createSandbox(SandboxSpec.of(NetworkMode.parse("container:con1")).withName("con2"));
      try (NamespaceHandle inCon2 = net.openNamespace("con2")) {
        screen.blank();
        screen.output("ip addr        # inside con1", world.ip(inCon1, "addr"));
        screen.output("ip addr        # inside con2", world.ip(inCon2, "addr"));
        List<Interface> seen1 = world.interfaces(inCon1);
        List<Interface> seen2 = world.interfaces(inCon2);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Tcp.Outcome to1;
        try (World.Listener server = world.listen(inCon1, loopback, 0, "hello from con1")) {
          to1 = world.connect(inCon2, loopback, server.port());
        }
        Tcp.Outcome to2;
        try (World.Listener server = world.listen(inCon2, loopback, 0, "hello from con2")) {
          to2 = world.connect(inCon1, loopback, server.port());
        }
        screen.claims(
            List.of(
                Claim.of(
                    "con2 lives in con1's network namespace",
                    con2.namespace().equals(con1.namespace()),
                    con2.namespace() + " = " + con1.namespace()),
                Claim.of(
                    "con1 and con2 have the same interfaces",
                    Interface.names(seen1).equals(Interface.names(seen2)),
                    Interface.names(seen1) + " = " + Interface.names(seen2)),
                Claim.of(
                    "con1 and con2 have the same IP",
                    Interface.allAddresses(seen1).equals(Interface.allAddresses(seen2))
                        && Interface.allAddresses(seen1).contains(con1Address),
                    Interface.ipv4(seen1) + " = " + Interface.ipv4(seen2)),
                Claim.of(
                    "con2 reaches con1 over lo",
                    to1.connected() && to1.text().equals("hello from con1"),
                    "con2 → 127.0.0.1 (con1's server): " + HostChapter.describe(to1)),
                Claim.of(
                    "con1 reaches con2 over lo",
                    to2.connected() && to2.text().equals("hello from con2"),
                    "con1 → 127.0.0.1 (con2's server): " + HostChapter.describe(to2))));
      }
    }
  }
}
