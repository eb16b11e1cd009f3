package io.netmodel.testkit;

import io.netmodel.api.Networking;
import io.netmodel.core.engine.NetworkingEngine;
import io.netmodel.core.engine.Policy;
import io.netmodel.core.state.StateStore;
import io.netmodel.testkit.kernel.FakeKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * {@link Networking} over the fake kernel: the same engine and drivers as {@code
 * LinuxNetworking}, without root, without touching the machine.
 *
 * <pre>{@code
 * try (Networking net = FakeNetworking.create()) {
 *   Sandbox quiet = net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("quiet"));
 *   ...
 * }
 *
 * // To look at the kernel state the engine made:
 * FakeKernel kernel = FakeKernel.create();
 * Networking net = FakeNetworking.builder().kernel(kernel).allowHostMode(false).build();
 * }</pre>
 *
 * <p>State is kept in a state directory as on Linux: by default a temporary directory made
 * for this Networking and deleted when it is closed; {@link Builder#stateDirectory} gives one
 * that is kept (to test recovery across restarts). A kernel made by the builder is closed with
 * the Networking; one given to {@link Builder#kernel} is left open. Thread-safe.
 */
public final class FakeNetworking {
  private FakeNetworking() {}

  /** A Networking over a fresh fake kernel and a temporary state directory. */
  public static Networking create() {
    return builder().build();
  }

  /** Settings for a fake Networking; every one has a default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings for a {@link FakeNetworking}; each setter validates its value. */
  public static final class Builder {
    private Optional<Path> stateDirectory = Optional.empty();
    private Optional<FakeKernel> kernel = Optional.empty();
    private Policy policy = Policy.defaults();
    private Clock clock = Clock.systemUTC();
    private long seed = 0;

    private Builder() {}

    /** A state directory to use and keep (created if missing); default: a temporary one. */
    public Builder stateDirectory(Path directory) {
      this.stateDirectory = Optional.of(Objects.requireNonNull(directory, "directory"));
      return this;
    }

    /** The fake kernel to run on, shared with the caller; default: a new one. */
    public Builder kernel(FakeKernel value) {
      this.kernel = Optional.of(Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Whether host mode is allowed (it is by default, as in Docker). */
    public Builder allowHostMode(boolean allowed) {
      this.policy = policy.withHostMode(allowed);
      return this;
    }

    /** The clock that stamps creation times. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * The seed of the random source for ids and MAC addresses (default 0): the same calls on
     * the same seed give the same ids, device names and MACs. A second FakeNetworking on the
     * same state directory draws from the next seed, so the two never hand out one id.
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Makes the Networking.
     *
     * @throws UncheckedIOException if the temporary state directory cannot be made
     */
    public Networking build() {
      Path directory;
      Optional<Path> temporary;
      if (stateDirectory.isPresent()) {
        directory = stateDirectory.get();
        temporary = Optional.empty();
      } else {
        try {
          directory = Files.createTempDirectory("netmodel-fake-state");
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create a temporary state directory", e);
        }
        temporary = Optional.of(directory);
      }
      FakeKernel port = kernel.orElseGet(FakeKernel::create);
      boolean ownsKernel = kernel.isEmpty();
      Runnable onClose =
          () -> {
            if (ownsKernel) {
              port.close();
            }
            temporary.ifPresent(FakeNetworking::deleteTree);
          };
      StateStore store = StateStore.open(directory);
      // Engines sharing a state directory must not draw the same ids: the n-th engine made
      // on a directory draws from seed + n, which keeps every run repeatable.
      long engine =
          store.locked(
              () -> {
                long made =
                    store.read("testkit", "engines")
                        .map(m -> Long.parseLong(m.getOrDefault("made", "0")))
                        .orElse(0L);
                store.write("testkit", "engines", java.util.Map.of("made", Long.toString(made + 1)));
                return made;
              });
      return new NetworkingEngine(
          port, store, policy, clock, new SplittableRandom(seed + engine), onClose);
    }
  }

  private static void deleteTree(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary state directory " + root, e);
    }
  }
}
