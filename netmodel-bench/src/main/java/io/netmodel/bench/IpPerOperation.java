package io.netmodel.bench;

import io.netmodel.api.namespace.NamespaceHandle;
import java.util.List;
import java.util.Optional;

/**
 * The attach as a shell script would do it, one {@code ip} process per operation: {@code ip
 * netns add}; {@code ip link add vhI type veth peer name eth0 netns NS}; {@code ip link set
 * vhI master br0 up}; {@code ip -n NS addr add}, {@code link set eth0 up}, {@code link set lo
 * up}, {@code route add default via} the gateway. Seven processes. Detach is one {@code ip
 * netns del} (the kernel destroys the veth with the namespace, as netmodel's removal lets
 * it).
 */
final class IpPerOperation implements Peer {
  static final String SUBNET_START = "10.88";
  private static final String GATEWAY = SUBNET_START + ".0.1";
  private static final String BRIDGE = "br0";

  @Override
  public String key() {
    return "ip";
  }

  @Override
  public String label() {
    return "ip, one process per operation (7 per attach, 1 per detach)";
  }

  @Override
  public Optional<String> missing() {
    return Commands.installed("ip") ? Optional.empty() : Optional.of("ip (iproute2) not found");
  }

  @Override
  public PeerRun run(NamespaceHandle host, int size, String names) {
    makeBridge(host, BRIDGE, GATEWAY + "/16");
    int baseline = Commands.linkCount(host);
    for (int i = 0; i < WARMUP; i++) {
      attach(host, names + "w" + i, "vw" + i, i);
    }
    for (int i = 0; i < WARMUP; i++) {
      detach(host, names + "w" + i);
    }
    Commands.awaitLinks(host, baseline);
    Timing attach = NetmodelWorkload.time(size, i -> attach(host, names + i, "vh" + i, i));
    Timing detach = NetmodelWorkload.time(size, i -> detach(host, names + i));
    long gone = Commands.awaitLinks(host, baseline);
    return new PeerRun(key(), label(), size, attach, detach, Optional.empty(), gone);
  }

  /** The bridge with the gateway address, up: setup, not timed. */
  static void makeBridge(NamespaceHandle host, String bridge, String gateway) {
    Commands.run(host, List.of("ip", "link", "add", bridge, "type", "bridge"));
    Commands.run(host, List.of("ip", "addr", "add", gateway, "dev", bridge));
    Commands.run(host, List.of("ip", "link", "set", bridge, "up"));
  }

  private static void attach(NamespaceHandle host, String ns, String veth, int i) {
    Commands.run(host, List.of("ip", "netns", "add", ns));
    Commands.run(
        host,
        List.of("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns));
    Commands.run(host, List.of("ip", "link", "set", veth, "master", BRIDGE, "up"));
    String address = Peer.address(SUBNET_START, i) + "/16";
    Commands.run(host, List.of("ip", "-n", ns, "addr", "add", address, "dev", "eth0"));
    Commands.run(host, List.of("ip", "-n", ns, "link", "set", "eth0", "up"));
    Commands.run(host, List.of("ip", "-n", ns, "link", "set", "lo", "up"));
    Commands.run(host, List.of("ip", "-n", ns, "route", "add", "default", "via", GATEWAY));
  }

  private static void detach(NamespaceHandle host, String ns) {
    Commands.run(host, List.of("ip", "netns", "del", ns));
  }
}
