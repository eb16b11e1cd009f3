package io.netmodel.examples;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.linux.LinuxNetworking;

/**
 * Host mode: the sandbox gets no namespace of its own; it uses the host's. A program can
 * refuse host mode by policy, as the source document advises for untrusted code.
 */
public final class HostModeExample {
  private HostModeExample() {}

  /** Creates sandbox "host" and returns the identity of the namespace it lives in. */
  public static NamespaceId run(LinuxNetworking.Builder settings) {
    try (Networking net = settings.build()) {
      Sandbox host = net.createSandbox(SandboxSpec.of(NetworkMode.parse("host")).withName("host"));
      try {
        return host.namespace();
      } finally {
        net.removeSandbox(host.name());
      }
    }
  }

  public static void main(String[] args) {
    System.out.println("sandbox \"host\" lives in namespace " + run(LinuxNetworking.builder()));
  }
}
