package io.netmodel.testkit.contract;

import io.netmodel.api.Networking;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.testkit.FakeNetworking;
import io.netmodel.testkit.kernel.FakeKernel;
import java.net.InetAddress;
import io.netmodel.core.kernel.KernelFeature;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;

/** Macvlan and ipvlan contract, on FakeNetworking; reachability is the fake's own answer. */
class FakeMacvlanContractTest extends MacvlanContract {
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

  @Override
  protected Optional<Networking> newNetworkingLacking(Path stateDirectory, KernelFeature feature) {
    EnumSet<KernelFeature> features = EnumSet.allOf(KernelFeature.class);
    features.remove(feature);
    return Optional.of(
        FakeNetworking.builder()
            .kernel(FakeKernel.builder().features(features).build())
            .stateDirectory(stateDirectory)
            .build());
  }
}
