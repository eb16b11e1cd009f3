package io.netmodel.testkit.kernel;

import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.KernelFeature;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import io.netmodel.testkit.contract.KernelContract;

/** The kernel port's contract, on the fake. */
class FakeKernelContractTest extends KernelContract {
  @Override
  protected Kernel newKernel() {
    return FakeKernel.create();
  }

  @Override
  protected Optional<Kernel> newKernelLacking(KernelFeature feature) {
    Set<KernelFeature> features = EnumSet.allOf(KernelFeature.class);
    features.remove(feature);
    features.remove(KernelFeature.NF_TABLES);
    return Optional.of(FakeKernel.builder().features(features).build());
  }
}
