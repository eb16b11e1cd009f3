package io.netmodel.core.ipam;

import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.core.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A separate process for {@link IpamConcurrencyTest}: waits until the start file exists, then
 * allocates COUNT addresses of 172.18.0.0/24 on network "web" for OWNER and prints each one.
 *
 * <p>Usage: {@code IpamWorker STATE_DIR START_FILE COUNT OWNER}
 */
final class IpamWorker {
  static final IpamConfig CONFIG = IpamConfig.of(IpPrefix.parse("172.18.0.0/24"));

  private IpamWorker() {}

  public static void main(String[] args) throws InterruptedException {
    Path start = Path.of(args[1]);
    int count = Integer.parseInt(args[2]);
    Ipam ipam = new Ipam(StateStore.open(Path.of(args[0])));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(start)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("start file never appeared: " + start);
      }
      Thread.sleep(2);
    }
    for (int i = 0; i < count; i++) {
      System.out.println(
          IpAddresses.toString(ipam.allocate("web", CONFIG, Optional.empty(), args[3])));
    }
  }
}
