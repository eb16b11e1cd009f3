package io.netmodel.testkit.contract;

import io.netmodel.api.Networking;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.Protocol;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.testkit.FakeNetworking;
import io.netmodel.testkit.kernel.FakeKernel;
import io.netmodel.testkit.kernel.Reachability;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Bridge mode's contract, on FakeNetworking; reachability and published ports are the fake's
 * own answers.
 */
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

  /** The fake's answer: the packet arrives in {@code server} at {@code serverPort}, and back. */
  @Override
  protected boolean answers(
      NamespaceHandle from,
      InetAddress address,
      int port,
      Protocol protocol,
      NamespaceHandle server,
      int serverPort) {
    Reachability answer = kernel.reach(from, address, port, protocol);
    return answer.reachable()
        && answer.destination().equals(Optional.of(server.id()))
        && answer.destinationPort().equals(OptionalInt.of(serverPort));
  }
}
