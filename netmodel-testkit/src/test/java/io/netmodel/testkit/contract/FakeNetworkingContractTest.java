package io.netmodel.testkit.contract;

import io.netmodel.api.Networking;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.testkit.FakeNetworking;
import io.netmodel.testkit.kernel.FakeKernel;
import java.nio.file.Path;

/** The namespace modes' contract, on FakeNetworking. */
class FakeNetworkingContractTest extends NetworkingContract {
  private final FakeKernel kernel = FakeKernel.create();

  @Override
  protected Networking newNetworking(Path stateDirectory, boolean allowHostMode) {
    return FakeNetworking.builder()
        .kernel(kernel)
        .stateDirectory(stateDirectory)
        .allowHostMode(allowHostMode)
        .build();
  }

  @Override
  protected Kernel kernel() {
    return kernel;
  }
}
