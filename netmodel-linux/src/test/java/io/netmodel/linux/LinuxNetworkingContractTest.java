package io.netmodel.linux;

import io.netmodel.api.Networking;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.testkit.contract.NetworkingContract;
import java.nio.file.Path;

/**
 * The namespace modes' contract on LinuxNetworking, over a throwaway host namespace; a second
 * {@link LinuxKernel} on the same host and netns directory observes the kernel. Needs
 * CAP_SYS_ADMIN and CAP_NET_ADMIN; skips without them, except under {@code CI=true}.
 */
class LinuxNetworkingContractTest extends NetworkingContract {
  private final ObservedHost host = new ObservedHost();

  @Override
  protected Networking newNetworking(Path stateDirectory, boolean allowHostMode) {
    return host.networking(stateDirectory, allowHostMode);
  }

  @Override
  protected Kernel kernel() {
    return host.observer();
  }

  @Override
  protected void afterNetworkingClosed() {
    host.close();
  }
}
