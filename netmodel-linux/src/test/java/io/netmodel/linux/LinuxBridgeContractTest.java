package io.netmodel.linux;

import io.netmodel.api.Networking;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.Protocol;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.Link;
import io.netmodel.testkit.contract.BridgeContract;
import java.net.InetAddress;
import java.nio.file.Path;

/**
 * Bridge mode's contract on LinuxNetworking, over a throwaway host namespace; a second
 * {@link LinuxKernel} on the same host and netns directory observes the kernel. Needs
 * CAP_SYS_ADMIN and CAP_NET_ADMIN; skips without them, except under {@code CI=true}.
 * Reachability is a real ping from inside the sandbox; published ports are real TCP and UDP
 * exchanges.
 */
class LinuxBridgeContractTest extends BridgeContract {
  private final ObservedHost host = new ObservedHost();

  @Override
  protected Networking newNetworking(Path stateDirectory) {
    return host.networking(stateDirectory, true);
  }

  @Override
  protected Kernel kernel() {
    return host.observer();
  }

  /** A real ping: one echo request, one second to answer. */
  @Override
  protected boolean reaches(Networking net, String sandbox, InetAddress address) {
    return Ping.once(net, sandbox, address);
  }

  /** Real sockets: a server inside {@code server}, a client inside {@code from}. */
  @Override
  protected boolean answers(
      NamespaceHandle from,
      InetAddress address,
      int port,
      Protocol protocol,
      NamespaceHandle server,
      int serverPort) {
    return Exchange.answers(from, address, port, protocol, server, serverPort);
  }

  /** Waits for the kernel's deferred link work: the link operationally up. */
  @Override
  protected void awaitTransmitting(NamespaceHandle ns, Link link) {
    host.awaitOperationallyUp(ns, link);
  }

  @Override
  protected void afterNetworkingClosed() {
    host.close();
  }
}
