package io.netmodel.examples;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.linux.LinuxNetworking;
import java.io.BufferedReader;
import java.util.List;

/** None mode: a sandbox with a network of its own that holds nothing but {@code lo}. */
public final class NoneModeExample {
  private NoneModeExample() {}

  /** Creates sandbox "none", returns what {@code ip -br addr} prints inside it, removes it. */
  public static List<String> run(LinuxNetworking.Builder settings) throws Exception {
    try (Networking net = settings.build()) {
      Sandbox none = net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("none"));
      try (NamespaceHandle ns = net.openNamespace(none.name())) {
        // The child is started from a library thread inside the sandbox, so it is born there.
        Process ip = ns.start(new ProcessBuilder("ip", "-br", "addr").redirectErrorStream(true));
        try (BufferedReader out = ip.inputReader()) {
          List<String> lines = out.lines().toList();
          if (ip.waitFor() != 0) {
            throw new IllegalStateException("ip -br addr failed: " + lines);
          }
          return lines;
        }
      } finally {
        net.removeSandbox(none.name());
      }
    }
  }

  public static void main(String[] args) throws Exception {
    run(LinuxNetworking.builder()).forEach(System.out::println);
  }
}
