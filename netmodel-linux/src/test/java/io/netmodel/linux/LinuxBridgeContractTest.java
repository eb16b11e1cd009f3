package io.netmodel.linux;

import io.netmodel.api.Networking;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.testkit.contract.BridgeContract;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Bridge mode's contract on LinuxNetworking, over a throwaway host namespace; a second
 * {@link LinuxKernel} on the same host and netns directory observes the kernel. Needs
 * CAP_SYS_ADMIN and CAP_NET_ADMIN; skips without them, except under {@code CI=true}.
 * Reachability is a real ping from inside the sandbox.
 */
class LinuxBridgeContractTest extends BridgeContract {
  private ThrowawayHost host;
  private LinuxKernel observer;

  @Override
  protected Networking newNetworking(Path stateDirectory) {
    if (host == null) {
      host = ThrowawayHost.create();
      observer = LinuxKernel.open(host.netnsDirectory, Optional.of(host.file));
    }
    return LinuxNetworking.builder()
        .hostNamespace(host.file)
        .netnsDirectory(host.netnsDirectory)
        .stateDirectory(stateDirectory)
        .build();
  }

  @Override
  protected Kernel kernel() {
    return observer;
  }

  /** A real ping: one echo request, one second to answer. */
  @Override
  protected boolean reaches(Networking net, String sandbox, InetAddress address) {
    return Ping.once(net, sandbox, address);
  }

  @Override
  protected void afterNetworkingClosed() {
    try {
      if (observer != null) {
        observer.close();
      }
    } finally {
      if (host != null) {
        host.close();
      }
    }
  }
}
