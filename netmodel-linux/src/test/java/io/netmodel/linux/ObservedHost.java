package io.netmodel.linux;

import io.netmodel.api.Networking;
import io.netmodel.core.kernel.Kernel;
import java.nio.file.Path;
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
