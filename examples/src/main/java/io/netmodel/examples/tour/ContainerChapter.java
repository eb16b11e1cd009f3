package io.netmodel.examples.tour;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import java.net.InetAddress;
import java.util.List;

/**
 * Container mode (container模式): con2 joins con1's namespace; the two see the same
 * interfaces and IP and talk to each other over {@code lo}.
 */
final class ContainerChapter implements Chapter {
  // con1 would be on Docker's default bridge (172.17.0.0/16); until bridge mode lands the
  // tour gives it an eth0 on that subnet by hand.
  static final String CON1_ADDRESS = "172.17.0.2/16";
  static final String HOST_SIDE_ADDRESS = "172.17.0.1/16";
  static final String HOST_SIDE = "veth-con1";

  @Override
  public void show(Lab lab, Screen screen) throws Exception {
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
            "netmodel create --network none --name con1",
            "ip link add " + HOST_SIDE + " type veth peer name eth0 netns con1"
                + "   # on the host: con1's eth0, by hand",
            "netmodel create --network container:con1 --name con2",
            "netmodel exec con2 -- ip addr"));
    screen.line("(Docker puts con1 on its default bridge. Bridge mode is not yet available in");
    screen.line(" this version, so con1 is made in none mode and given an eth0 with "
        + CON1_ADDRESS + " by hand.)");

    Networking net = lab.networking();
    Sandbox con1 = net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("con1"));
    try (NamespaceHandle inCon1 = net.openNamespace("con1")) {
      String con1File =
          con1.namespacePath()
              .orElseThrow(() -> new TourException("sandbox con1 has no namespace file"))
              .toString();
      Ip.run(lab.host(), "link", "add", HOST_SIDE, "type", "veth", "peer", "name", "eth0",
          "netns", con1File);
      Ip.run(lab.host(), "addr", "add", HOST_SIDE_ADDRESS, "dev", HOST_SIDE);
      Ip.run(lab.host(), "link", "set", HOST_SIDE, "up");
      Ip.run(inCon1, "addr", "add", CON1_ADDRESS, "dev", "eth0");
      Ip.run(inCon1, "link", "set", "eth0", "up");

      Sandbox con2 =
          net.createSandbox(SandboxSpec.of(NetworkMode.parse("container:con1")).withName("con2"));
      try (NamespaceHandle inCon2 = net.openNamespace("con2")) {
        screen.blank();
        screen.output("ip addr        # inside con1", Ip.run(inCon1, "addr"));
        screen.output("ip addr        # inside con2", Ip.run(inCon2, "addr"));
        List<Interface> seen1 = Ip.interfaces(inCon1);
        List<Interface> seen2 = Ip.interfaces(inCon2);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Tcp.Outcome to1;
        try (Tcp.Server server = Tcp.listen(inCon1, loopback, 0, "hello from con1")) {
          to1 = Tcp.connect(inCon2, loopback, server.port());
        }
        Tcp.Outcome to2;
        try (Tcp.Server server = Tcp.listen(inCon2, loopback, 0, "hello from con2")) {
          to2 = Tcp.connect(inCon1, loopback, server.port());
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
                        && Interface.allAddresses(seen1).contains(CON1_ADDRESS),
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
