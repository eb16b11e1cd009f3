package io.netmodel.linux;

import io.netmodel.core.kernel.Kernel;
import io.netmodel.testkit.contract.KernelContract;
import java.util.Optional;

/**
 * The kernel port's contract on the real kernel, each test in a throwaway host namespace. Needs
 * CAP_SYS_ADMIN and CAP_NET_ADMIN; skips without them, except under {@code CI=true}.
 */
class LinuxKernelContractTest extends KernelContract {
  private ThrowawayHost host;

  @Override
  protected Kernel newKernel() {
    host = ThrowawayHost.create();
    return LinuxKernel.open(host.netnsDirectory, Optional.of(host.file));
  }

  @Override
  protected void afterKernelClosed() {
    if (host != null) {
      host.close();
    }
  }
}
