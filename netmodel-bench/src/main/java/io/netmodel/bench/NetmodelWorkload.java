package io.netmodel.bench;

import io.netmodel.api.Networking;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.linux.LinuxNetworking;
import java.util.ArrayList;
import java.util.List;

/**
 * netmodel's side of the benchmark at one size N, in a host namespace of its own: one
 * IPv4-only /16 bridge network; {@code warmup} bridge-mode and as many none-mode sandboxes
 * attached and removed first, in rounds of at most {@link #WARMUP_ROUND} (the JIT compiler's
 * work, and the bridge device made at the first attach), not counted; then N bridge-mode sandboxes
 * created one by one, memory read with all N live, all N removed; then N none-mode sandboxes
 * created and removed. Between phases it waits until the kernel has destroyed the removed
 * sandboxes' veths and namespaces, so that one phase's background work does not slow the next.
 */
final class NetmodelWorkload {
  static final String NETWORK = "bench";
  static final String SUBNET = "10.77.0.0/16";
  /**
   * Warm-up sandboxes live at once, at most: a bridge takes 1023 ports, and a round near the
   * measured sizes warms what they use.
   */
  static final int WARMUP_ROUND = 250;

  private NetmodelWorkload() {}

  static NetmodelRun run(World world, int size, int warmup, boolean profile) {
    String hostName = "nm-host-" + size;
    NamespaceHandle host = world.newHost(hostName);
    StepTimes steps = new StepTimes();
    Networking net = open(world, hostName, profile, steps);
    try {
      net.createNetwork(
          BridgeNetworkSpec.builder(NETWORK).ipv4(IpamConfig.of(IpPrefix.parse(SUBNET))).build());
      NetworkMode bridge = net.parseMode(NETWORK);
      NetworkMode none = NetworkMode.parse("none");
      int hostLinks = Commands.linkCount(host);
      // After the first attach the host has its links and the bridge, and no more at rest.
      int baseline = hostLinks + 1;
      for (int first = 0; first < warmup; first += WARMUP_ROUND) {
        int end = Math.min(warmup, first + WARMUP_ROUND);
        warmUp(net, host, baseline, "w" + size + "-", first, end);
      }
      // The kernel destroys deleted namespaces in the background, under the lock attaches
      // take: the measured loop starts once the warm-up's are gone.
      Commands.awaitNamespacesAtRest();
      Commands.awaitLinks(host, baseline);
      Memory before = Memory.now();
      steps.drain();

      long compiling = JitWarmup.compileMillis();
      Timing attach = time(size, i -> net.createSandbox(spec(bridge, "b", size, i)));
      long attachCompileMillis = JitWarmup.since(compiling);
      List<StepTimes.Step> attachSteps = steps.drain();
      Memory live = Memory.now();
      Timing remove = time(size, i -> net.removeSandbox(name("b", size, i)));
      List<StepTimes.Step> removeSteps = steps.drain();
      long vethsGone = Commands.awaitLinks(host, baseline);
      Commands.awaitNamespacesAtRest();

      Timing noneCreate = time(size, i -> net.createSandbox(spec(none, "z", size, i)));
      Timing noneRemove = time(size, i -> net.removeSandbox(name("z", size, i)));
      steps.drain();
      net.removeNetwork(NETWORK);
      Commands.awaitNamespacesAtRest();
      return new NetmodelRun(
          size, attach, remove, noneCreate, noneRemove, before, live, vethsGone, attachSteps,
          removeSteps, attachCompileMillis);
    } finally {
      world.release(net);
      world.dropHost(host);
    }
  }

  /**
   * netmodel on host namespace {@code hostName} of {@code world}, adopted by it: with {@code
   * profile}, every kernel-port call timed into {@code steps}.
   */
  static Networking open(World world, String hostName, boolean profile, StepTimes steps) {
    return world.adopt(
        profile
            ? ProfiledNetworking.open(
                world.stateDirectory(hostName),
                world.netnsDirectory(),
                world.hostFile(hostName),
                steps)
            : LinuxNetworking.builder()
                .hostNamespace(world.hostFile(hostName))
                .netnsDirectory(world.netnsDirectory())
                .stateDirectory(world.stateDirectory(hostName))
                .build());
  }

  /**
   * One warm-up round on {@code net}'s network {@link #NETWORK}: bridge-mode sandboxes {@code
   * prefix + first} up to {@code prefix + (end - 1)}, each with a none-mode one, attached, then all
   * removed; returns once the kernel has destroyed their veths ({@code baseline} links left in
   * {@code host}).
   */
  static void warmUp(
      Networking net, NamespaceHandle host, int baseline, String prefix, int first, int end) {
    NetworkMode bridge = net.parseMode(NETWORK);
    NetworkMode none = NetworkMode.parse("none");
    for (int i = first; i < end; i++) {
      net.createSandbox(SandboxSpec.of(bridge).withName(prefix + i));
      net.createSandbox(SandboxSpec.of(none).withName(prefix + "none-" + i));
    }
    for (int i = first; i < end; i++) {
      net.removeSandbox(prefix + i);
      net.removeSandbox(prefix + "none-" + i);
    }
    Commands.awaitLinks(host, baseline);
  }

  /** One operation of a timed loop: the i-th of N. */
  @FunctionalInterface
  interface Operation {
    void run(int i);
  }

  /** Runs {@code operation} for 0..n-1, timing each and the whole loop. */
  static Timing time(int n, Operation operation) {
    List<Long> samples = new ArrayList<>(n);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      operation.run(i);
      samples.add(System.nanoTime() - t0);
    }
    return Timing.of(samples, System.nanoTime() - start);
  }

  private static SandboxSpec spec(NetworkMode mode, String kind, int size, int i) {
    return SandboxSpec.of(mode).withName(name(kind, size, i));
  }

  private static String name(String kind, int size, int i) {
    return kind + size + "-" + i;
  }
}
