package io.netmodel.bench;

import io.netmodel.api.namespace.NamespaceHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The attach with as few {@code ip} processes as iproute2 allows. {@code ip -batch} reads
 * commands from its input and, since iproute2 restores its own namespace after {@code netns
 * add}, one host-side process does every sandbox's {@code netns add}, {@code link add ...
 * type veth peer name eth0 netns NS} and {@code link set ... master br0 up}. A batch has no
 * per-line {@code -n}, so the work inside each sandbox (lo up, address, eth0 up, default
 * route) is one {@code ip -n NS -batch -} per sandbox: N + 1 processes for N attaches. Detach
 * is one {@code ip -batch -} of N {@code netns del}. Only totals exist, so only means are
 * reported.
 */
final class IpBatch implements Peer {
  static final String SUBNET_START = "10.87";
  private static final String GATEWAY = SUBNET_START + ".0.1";
  private static final String BRIDGE = "br0";

  @Override
  public String key() {
    return "ip-batch";
  }

  @Override
  public String label() {
    return "ip -batch (N+1 processes per N attaches, 1 per N detaches)";
  }

  @Override
  public Optional<String> missing() {
    return Commands.installed("ip") ? Optional.empty() : Optional.of("ip (iproute2) not found");
  }

  @Override
  public PeerRun run(NamespaceHandle host, int size, String names) {
    IpPerOperation.makeBridge(host, BRIDGE, GATEWAY + "/16");
    int baseline = Commands.linkCount(host);
    attach(host, names + "w", "vw", WARMUP);
    detach(host, names + "w", WARMUP);
    Commands.awaitLinks(host, baseline);

    long start = System.nanoTime();
    long hostBatch = attach(host, names, "vh", size);
    long attached = System.nanoTime() - start;
    start = System.nanoTime();
    detach(host, names, size);
    long detached = System.nanoTime() - start;
    long gone = Commands.awaitLinks(host, baseline);
    PeerRun.Part part =
        new PeerRun.Part(
            "of which the one host-side ip -batch",
            Timing.ofTotal(size, hostBatch),
            Timing.ofTotal(size, detached));
    return new PeerRun(
        key(),
        label(),
        size,
        Timing.ofTotal(size, attached),
        Timing.ofTotal(size, detached),
        Optional.of(part),
        gone);
  }

  /** Attaches sandboxes 0..n-1; returns the host-side batch's time in nanoseconds. */
  private static long attach(NamespaceHandle host, String names, String veths, int n) {
    StringBuilder hostSide = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String ns = names + i;
      String veth = veths + i;
      hostSide.append("netns add ").append(ns).append('\n');
      hostSide.append("link add ").append(veth).append(" type veth peer name eth0 netns ");
      hostSide.append(ns).append('\n');
      hostSide.append("link set ").append(veth).append(" master ").append(BRIDGE);
      hostSide.append(" up\n");
    }
    long start = System.nanoTime();
    batch(host, List.of("ip", "-batch", "-"), hostSide.toString());
    long hostBatch = System.nanoTime() - start;
    for (int i = 0; i < n; i++) {
      String inside =
          "link set lo up\n"
              + "addr add " + Peer.address(SUBNET_START, i) + "/16 dev eth0\n"
              + "link set eth0 up\n"
              + "route add default via " + GATEWAY + "\n";
      batch(host, List.of("ip", "-n", names + i, "-batch", "-"), inside);
    }
    return hostBatch;
  }

  private static void detach(NamespaceHandle host, String names, int n) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < n; i++) {
      lines.append("netns del ").append(names).append(i).append('\n');
    }
    batch(host, List.of("ip", "-batch", "-"), lines.toString());
  }

  private static void batch(NamespaceHandle host, List<String> argv, String input) {
    Commands.run(host, argv, Optional.of(input), Map.of());
  }
}
