package io.netmodel.examples.cli;

import io.netmodel.api.Networking;
import io.netmodel.linux.LinuxNetworking;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The options every command takes: where state and namespaces live. */
final class GlobalOptions {
  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "Where networks and sandboxes are recorded (default: $NETMODEL_STATE_DIR, else"
              + " /run/netmodel as root, else $XDG_RUNTIME_DIR/netmodel).")
  Path stateDir;

  @Option(
      names = "--netns-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Where sandboxes' namespaces are kept as files (default: /run/netns).")
  Path netnsDir;

  /** Opens the real-kernel Networking these options describe. */
  Networking open() {
    return LinuxNetworking.builder()
        .stateDirectory(stateDirectory())
        .netnsDirectory(netnsDir != null ? netnsDir : LinuxNetworking.DEFAULT_NETNS_DIRECTORY)
        .build();
  }

  Path stateDirectory() {
    if (stateDir != null) {
      return stateDir;
    }
    Optional<String> env = Optional.ofNullable(System.getenv("NETMODEL_STATE_DIR"));
    if (env.isPresent() && !env.get().isEmpty()) {
      return Path.of(env.get());
    }
    if ("root".equals(System.getProperty("user.name"))) {
      return Path.of("/run/netmodel");
    }
    String runtime = System.getenv("XDG_RUNTIME_DIR");
    return runtime != null && !runtime.isEmpty()
        ? Path.of(runtime, "netmodel")
        : Path.of(System.getProperty("java.io.tmpdir"), "netmodel-" + System.getProperty("user.name"));
  }
}
