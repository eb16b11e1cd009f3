package io.netmodel.bench;

import io.netmodel.api.namespace.NamespaceHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CNI reference plugins (Debian's {@code containernetworking-plugins}), invoked as a
 * container runtime invokes them: the program started in the host namespace with {@code
 * CNI_COMMAND}, {@code CNI_CONTAINERID}, {@code CNI_NETNS}, {@code CNI_IFNAME} and {@code
 * CNI_PATH} in its environment and the network's configuration on its input. The namespace is
 * made by {@code ip netns add}, as a runtime would make it first; then {@code loopback} ADD
 * ({@code lo} up, as runtimes do before the network) and {@code bridge} ADD with {@code
 * host-local} IPAM (which the bridge plugin runs as a process of its own), {@code
 * isGateway} (the gateway address on the bridge, default route via it) and {@code ipMasq}
 * off: netmodel has no firewall yet, so neither side masquerades. Detach is {@code bridge}
 * DEL (which deletes the veth, and waits for it), {@code loopback} DEL, {@code ip netns
 * del}.
 */
final class CniBridge implements Peer {
  static final Path PLUGINS = Path.of("/usr/lib/cni");
  static final String SUBNET_START = "10.89";
  private static final String BRIDGE = "cni-bench0";

  private final Path ipamDirectory;

  /** @param ipamDirectory where host-local keeps its allocations (throwaway) */
  CniBridge(Path ipamDirectory) {
    this.ipamDirectory = ipamDirectory;
  }

  @Override
  public String key() {
    return "cni";
  }

  @Override
  public String label() {
    return "CNI bridge + host-local, ipMasq off (ip netns add, loopback, bridge: 4 processes)";
  }

  @Override
  public Optional<String> missing() {
    List<String> missing = new ArrayList<>();
    for (String plugin : List.of("bridge", "host-local", "loopback")) {
      if (!Commands.installed(PLUGINS.resolve(plugin).toString())) {
        missing.add(PLUGINS.resolve(plugin).toString());
      }
    }
    if (!Commands.installed("ip")) {
      missing.add("ip (iproute2)");
    }
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of(
            String.join(", ", missing) + " not found (apt-get install containernetworking-plugins)");
  }

  @Override
  public PeerRun run(NamespaceHandle host, int size, String names) {
    String bridgeConfig = bridgeConfig(ipamDirectory.resolve("n" + size));
    // The bridge appears at the first ADD: the host's links at rest are these and it.
    int baseline = Commands.linkCount(host) + 1;
    for (int i = 0; i < WARMUP; i++) {
      attach(host, names + "w" + i, bridgeConfig);
    }
    for (int i = 0; i < WARMUP; i++) {
      detach(host, names + "w" + i, bridgeConfig);
    }
    Commands.awaitLinks(host, baseline);
    long[] bridgeAdd = new long[size];
    long[] bridgeDel = new long[size];
    Timing attach =
        NetmodelWorkload.time(size, i -> bridgeAdd[i] = attach(host, names + i, bridgeConfig));
    Timing detach =
        NetmodelWorkload.time(size, i -> bridgeDel[i] = detach(host, names + i, bridgeConfig));
    long gone = Commands.awaitLinks(host, baseline);
    PeerRun.Part part =
        new PeerRun.Part(
            "of which the bridge plugin alone (ADD, DEL)",
            Timing.of(list(bridgeAdd), sum(bridgeAdd)),
            Timing.of(list(bridgeDel), sum(bridgeDel)));
    return new PeerRun(key(), label(), size, attach, detach, Optional.of(part), gone);
  }

  /** Attaches one sandbox; returns the bridge plugin's own time in nanoseconds. */
  private static long attach(NamespaceHandle host, String ns, String bridgeConfig) {
    Commands.run(host, List.of("ip", "netns", "add", ns));
    plugin(host, "loopback", "ADD", ns, "lo", LOOPBACK_CONFIG);
    long start = System.nanoTime();
    plugin(host, "bridge", "ADD", ns, "eth0", bridgeConfig);
    return System.nanoTime() - start;
  }

  /** Detaches one sandbox; returns the bridge plugin's own time in nanoseconds. */
  private static long detach(NamespaceHandle host, String ns, String bridgeConfig) {
    long start = System.nanoTime();
    plugin(host, "bridge", "DEL", ns, "eth0", bridgeConfig);
    long bridge = System.nanoTime() - start;
    plugin(host, "loopback", "DEL", ns, "lo", LOOPBACK_CONFIG);
    Commands.run(host, List.of("ip", "netns", "del", ns));
    return bridge;
  }

  private static void plugin(
      NamespaceHandle host, String plugin, String command, String ns, String ifname,
      String config) {
    Commands.run(
        host,
        List.of(PLUGINS.resolve(plugin).toString()),
        Optional.of(config),
        Map.of(
            "CNI_COMMAND", command,
            "CNI_CONTAINERID", ns,
            "CNI_NETNS", "/run/netns/" + ns,
            "CNI_IFNAME", ifname,
            "CNI_PATH", PLUGINS.toString()));
  }

  private static final String LOOPBACK_CONFIG =
      "{\"cniVersion\":\"1.0.0\",\"name\":\"nmbench-lo\",\"type\":\"loopback\"}";

  private static String bridgeConfig(Path dataDir) {
    return "{\"cniVersion\":\"1.0.0\",\"name\":\"nmbench\",\"type\":\"bridge\","
        + "\"bridge\":\"" + BRIDGE + "\",\"isGateway\":true,\"ipMasq\":false,"
        + "\"ipam\":{\"type\":\"host-local\","
        + "\"ranges\":[[{\"subnet\":\"" + SUBNET_START + ".0.0/16\","
        + "\"gateway\":\"" + SUBNET_START + ".0.1\"}]],"
        + "\"routes\":[{\"dst\":\"0.0.0.0/0\"}],"
        + "\"dataDir\":\"" + dataDir + "\"}}";
  }

  private static List<Long> list(long[] values) {
    List<Long> list = new ArrayList<>(values.length);
    for (long v : values) {
      list.add(v);
    }
    return list;
  }

  private static long sum(long[] values) {
    long sum = 0;
    for (long v : values) {
      sum += v;
    }
    return sum;
  }
}
