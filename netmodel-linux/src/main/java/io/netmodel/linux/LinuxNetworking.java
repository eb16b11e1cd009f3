package io.netmodel.linux;

import io.netmodel.api.Networking;
import io.netmodel.core.engine.NetworkingEngine;
import io.netmodel.core.engine.Policy;
import io.netmodel.core.state.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link Networking} on the real Linux kernel: namespaces through {@code unshare}/{@code
 * setns}, links, addresses and routes through rtnetlink, all from this process (no program
 * is ever started).
 *
 * <pre>{@code
 * try (Networking net = LinuxNetworking.create()) {
 *   net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("quiet"));
 *   ...
 * }
 *
 * // In tests: a throwaway namespace plays the host, the machine's own network is untouched.
 * Networking net = LinuxNetworking.builder()
 *     .hostNamespace(Path.of("/run/netns/test-host"))
 *     .stateDirectory(tempDir)
 *     .build();
 * }</pre>
 *
 * <p>Needs {@code CAP_NET_ADMIN} and {@code CAP_SYS_ADMIN} (to mount namespace files): run
 * as root, or start the JVM inside a user namespace ({@code unshare --user --map-root-user
 * --net --mount}). Thread-safe.
 */
public final class LinuxNetworking {
  /** Where named namespaces live by default, as for {@code ip netns}. */
  public static final Path DEFAULT_NETNS_DIRECTORY = Path.of("/run/netns");

  /** Where state lives by default. */
  public static final Path DEFAULT_STATE_DIRECTORY = Path.of("/run/netmodel");

  private LinuxNetworking() {}

  /** A Networking with every default: the JVM's own namespace is the host. */
  public static Networking create() {
    return builder().build();
  }

  /** Settings for a Networking; every one has a default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings for a {@link LinuxNetworking}; each setter validates its value. */
  public static final class Builder {
    private Path stateDirectory = DEFAULT_STATE_DIRECTORY;
    private Path netnsDirectory = DEFAULT_NETNS_DIRECTORY;
    private Optional<Path> hostNamespace = Optional.empty();
    private Policy policy = Policy.defaults();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Where networks, sandboxes and allocations are recorded. */
    public Builder stateDirectory(Path directory) {
      this.stateDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Where sandboxes' namespaces are kept as bind-mounted files. */
    public Builder netnsDirectory(Path directory) {
      Objects.requireNonNull(directory, "directory");
      if (!directory.isAbsolute()) {
        throw new IllegalArgumentException("netns directory must be absolute: " + directory);
      }
      this.netnsDirectory = directory;
      return this;
    }

    /**
     * The namespace that plays the host (by its file, for example {@code /run/netns/h1} or
     * {@code /proc/1/ns/net}); by default the JVM's own.
     */
    public Builder hostNamespace(Path namespaceFile) {
      this.hostNamespace = Optional.of(Objects.requireNonNull(namespaceFile, "namespaceFile"));
      return this;
    }

    /** Whether host mode is allowed (it is by default, as in Docker). */
    public Builder allowHostMode(boolean allowed) {
      this.policy = policy.withHostMode(allowed);
      return this;
    }

    /** The clock that stamps creation times. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Opens the kernel port and the state directory.
     *
     * @throws io.netmodel.api.PermissionDeniedException without the needed capabilities
     */
    public Networking build() {
      StateStore store = StateStore.open(stateDirectory);
      LinuxKernel kernel = LinuxKernel.open(netnsDirectory, hostNamespace);
      return new NetworkingEngine(kernel, store, policy, clock, kernel::close);
    }
  }
}
