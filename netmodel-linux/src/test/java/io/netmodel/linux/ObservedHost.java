package io.netmodel.linux;

import io.netmodel.api.Networking;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.Link;
import io.netmodel.linux.rtnl.RtnlLinks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the contract suites need on Linux: a throwaway host namespace, made on first use, the
 * LinuxNetworkings over it, and a second {@link LinuxKernel} on the same host and netns
 * directory that observes the kernel independently of them.
 */
final class ObservedHost {
  private ThrowawayHost host;
  private LinuxKernel observer;

  /** A LinuxNetworking over the host, its state in {@code stateDirectory}. */
  Networking networking(Path stateDirectory, boolean allowHostMode) {
    if (host == null) {
      host = ThrowawayHost.create();
      observer = LinuxKernel.open(host.netnsDirectory, Optional.of(host.file));
    }
    return LinuxNetworking.builder()
        .hostNamespace(host.file)
        .netnsDirectory(host.netnsDirectory)
        .stateDirectory(stateDirectory)
        .allowHostMode(allowHostMode)
        .build();
  }

  /** The observing kernel port (after the first {@link #networking}). */
  Kernel observer() {
    return observer;
  }

  /**
   * Returns once the observer sees {@code link} of {@code ns} operationally up ({@code
   * IFLA_OPERSTATE}): Linux sets that in the deferred work that also turns the device's
   * transmission on, after its carrier came on.
   *
   * @throws AssertionError if that takes more than 5 s, or the thread is interrupted
   */
  void awaitOperationallyUp(NamespaceHandle ns, Link link) {
    RtnlLinks links = (RtnlLinks) observer.links(ns);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!links.find(link.index()).orElseThrow().operationallyUp()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(link.name() + " is not operationally up after 5 s");
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + link.name(), e);
      }
    }
  }

  /** Closes the observer and deletes the host; idempotent. */
  void close() {
    try {
      if (observer != null) {
        observer.close();
      }
    } finally {
      if (host != null) {
        host.close();
      }
      observer = null;
      host = null;
    }
  }
}
