package io.netmodel.linux;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.net.IpPrefix;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One of the processes of {@link BridgeConcurrencyLinuxTest}: opens LinuxNetworking on the
 * given state directory, netns directory and host namespace, says it is ready by creating
 * {@code READY}, waits for {@code GO} to appear, then creates {@code COUNT} sandboxes named
 * {@code PREFIX-i} on {@code NETWORK} and prints one line per sandbox: its name and its IPv4
 * address. Exits 0 when all were made, 1 with the stack trace on stderr otherwise.
 *
 * <p>Arguments: {@code STATE_DIR NETNS_DIR HOST_NS_FILE NETWORK PREFIX COUNT READY GO}.
 */
final class BridgeConcurrencyWorker {
  private static final long GO_TIMEOUT_MILLIS = 30_000;

  private BridgeConcurrencyWorker() {}

  public static void main(String[] args) {
    try {
      run(args);
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    if (args.length != 8) {
      throw new IllegalArgumentException(
          "usage: STATE_DIR NETNS_DIR HOST_NS_FILE NETWORK PREFIX COUNT READY GO; got "
              + args.length + " arguments");
    }
    Path state = Path.of(args[0]);
    Path netns = Path.of(args[1]);
    Path hostFile = Path.of(args[2]);
    String network = args[3];
    String prefix = args[4];
    int count = Integer.parseInt(args[5]);
    Path ready = Path.of(args[6]);
    Path go = Path.of(args[7]);
    try (Networking net =
        LinuxNetworking.builder()
            .hostNamespace(hostFile)
            .netnsDirectory(netns)
            .stateDirectory(state)
            .build()) {
      Files.createFile(ready);
      long deadline = System.currentTimeMillis() + GO_TIMEOUT_MILLIS;
      while (!Files.exists(go)) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("no " + go + " within " + GO_TIMEOUT_MILLIS + " ms");
        }
        Thread.sleep(5);
      }
      for (int i = 0; i < count; i++) {
        Sandbox s =
            net.createSandbox(SandboxSpec.of(net.parseMode(network)).withName(prefix + "-" + i));
        IpPrefix address = s.endpoints().get(0).addresses().get(0);
        System.out.println(s.name() + " " + address);
      }
    }
  }
}
