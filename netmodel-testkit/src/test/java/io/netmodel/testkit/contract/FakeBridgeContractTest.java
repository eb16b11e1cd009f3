package io.netmodel.testkit.contract;

import io.netmodel.api.Networking;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.testkit.FakeNetworking;
import io.netmodel.testkit.kernel.FakeKernel;
import java.net.InetAddress;
import java.nio.file.Path;

/** Bridge mode's contract, on FakeNetworking; reachability is the fake's own answer. */
class FakeBridgeContractTest extends BridgeContract {
  private final FakeKernel kernel = FakeKernel.create();

  @Override
  protected Networking newNetworking(Path stateDirectory) {
    return FakeNetworking.builder().kernel(kernel).stateDirectory(stateDirectory).build();
  }

  @Override
  protected Kernel kernel() {
    return kernel;
  }

  @Override
  protected boolean reaches(Networking net, String sandbox, InetAddress address) {
    try (NamespaceHandle ns = net.openNamespace(sandbox)) {
      return kernel.reach(ns, address).reachable();
    }
  }
}
