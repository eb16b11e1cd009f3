package io.netmodel.testkit.contract;

import io.netmodel.api.Networking;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.testkit.FakeNetworking;
import io.netmodel.testkit.kernel.FakeKernel;
import java.nio.file.Path;

/** Bridge mode's contract, on FakeNetworking. */
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
}
