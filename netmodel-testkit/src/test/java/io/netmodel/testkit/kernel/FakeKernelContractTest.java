package io.netmodel.testkit.kernel;

import io.netmodel.core.kernel.Kernel;
import io.netmodel.testkit.contract.KernelContract;

/** The kernel port's contract, on the fake. */
class FakeKernelContractTest extends KernelContract {
  @Override
  protected Kernel newKernel() {
    return FakeKernel.create();
  }
}
