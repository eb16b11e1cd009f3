package io.netmodel.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmodel.api.NetworkInfo;
import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The bench for the bridge tests on the real kernel: a {@link ThrowawayHost}, a LinuxNetworking
 * on it, and the independent witnesses ({@code ip -j}, {@code ping}, {@code cat} of sysctls)
 * run inside the sandboxes' namespaces or the throwaway host's. {@link #close()} removes every
 * sandbox and network, closes the Networking and deletes the host, and reports the first
 * failure with the others suppressed. Skips without privilege or tools (fails under {@code
 * CI=true}).
 */
final class BridgeLab implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PROCESS_TIMEOUT_SECONDS = 20;

  final ThrowawayHost host;
  final Path stateDirectory;
  final Networking net;

  private BridgeLab(ThrowawayHost host, Path stateDirectory, Networking net) {
    this.host = host;
    this.stateDirectory = stateDirectory;
    this.net = net;
  }

  /** A throwaway host and a Networking on it whose state lives in {@code stateDirectory}. */
  static BridgeLab open(Path stateDirectory) {
    KernelPrivilege.requireNamespaceAdmin();
    for (String program : List.of("ip", "ping", "nsenter", "cat")) {
      KernelPrivilege.require(onPath(program), "needs `" + program + "` on the PATH as a witness");
    }
    ThrowawayHost host = ThrowawayHost.create();
    try {
      return new BridgeLab(host, stateDirectory, networkingOn(host, stateDirectory));
    } catch (RuntimeException | Error e) {
      // An Error too: a NoClassDefFoundError here must not leave the host namespace behind.
      try {
        host.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Another Networking on the same host, netns directory and state. */
  static Networking networkingOn(ThrowawayHost host, Path stateDirectory) {
    return LinuxNetworking.builder()
        .hostNamespace(host.file)
        .netnsDirectory(host.netnsDirectory)
        .stateDirectory(stateDirectory)
        .build();
  }

  /** The device of bridge network {@code name}, as the driver completed its spec. */
  InterfaceName bridgeOf(String network) {
    NetworkInfo info = net.network(network).orElseThrow();
    return ((BridgeNetworkSpec) info.spec()).bridgeName().orElseThrow();
  }

  // ---- witnesses -----------------------------------------------------------------------

  /** What a finished process printed (stdout and stderr together) and its exit status. */
  record Output(int exitCode, String text) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs {@code command} in the namespace of {@code sandbox} and waits for it. */
  Output exec(String sandbox, String... command) {
    try (NamespaceHandle ns = net.openNamespace(sandbox)) {
      return finish(ns.start(new ProcessBuilder(command).redirectErrorStream(true)), command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code command} in the throwaway host namespace and waits for it. */
  Output execOnHost(String... command) {
    List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + host.file));
    full.addAll(List.of(command));
    try {
      return finish(
          new ProcessBuilder(full).redirectErrorStream(true).start(), full.toArray(new String[0]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code ip -j ARGS} inside {@code sandbox}, parsed; an error exit is an AssertionError. */
  JsonNode ipJson(String sandbox, String... args) {
    return parse(exec(sandbox, ipCommand(args)), args);
  }

  /** {@code ip -j ARGS} in the throwaway host namespace, parsed. */
  JsonNode hostIpJson(String... args) {
    return parse(execOnHost(ipCommand(args)), args);
  }

  /** A sysctl under /proc/sys/net as a reader inside {@code sandbox} sees it. */
  String sysctl(String sandbox, String key) {
    return checked(exec(sandbox, "cat", "/proc/sys/net/" + key), "cat " + key).text().trim();
  }

  /** A sysctl under /proc/sys/net as a reader in the throwaway host sees it. */
  String hostSysctl(String key) {
    return checked(execOnHost("cat", "/proc/sys/net/" + key), "cat " + key).text().trim();
  }

  /**
   * Pings {@code target} once from inside {@code sandbox} ({@code -c1 -W2}, {@code -6} for an
   * IPv6 target), trying again until {@code within} has passed; the last try's output.
   */
  Output ping(String sandbox, String target, Duration within) {
    List<String> command = new ArrayList<>(List.of("ping", "-n", "-c1", "-W2"));
    if (target.contains(":")) {
      command.add("-6");
    }
    command.add(target);
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Output out = exec(sandbox, command.toArray(new String[0]));
      if (out.ok() || System.nanoTime() > deadline) {
        return out;
      }
      sleep(200);
    }
  }

  // ---- cleanup -------------------------------------------------------------------------

  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    try {
      for (Sandbox s : net.sandboxes()) {
        attempt(failures, () -> net.removeSandbox(s.name()));
      }
      for (NetworkInfo n : net.networks()) {
        if (!n.spec().name().equals(BridgeNetworkSpec.DEFAULT_NETWORK)) {
          attempt(failures, () -> net.removeNetwork(n.spec().name()));
        }
      }
    } catch (RuntimeException e) {
      failures.add(e);
    } finally {
      try {
        attempt(failures, net::close);
      } finally {
        attempt(failures, host::close);
      }
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private static void attempt(List<RuntimeException> failures, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  // ---- plumbing ------------------------------------------------------------------------

  private static String[] ipCommand(String... args) {
    String[] command = new String[args.length + 2];
    command[0] = "ip";
    command[1] = "-j";
    System.arraycopy(args, 0, command, 2, args.length);
    return command;
  }

  private static JsonNode parse(Output out, String... args) {
    checked(out, "ip -j " + String.join(" ", args));
    try {
      return JSON.readTree(out.text());
    } catch (IOException e) {
      throw new AssertionError("ip -j " + String.join(" ", args) + " printed no JSON: "
          + out.text(), e);
    }
  }

  private static Output checked(Output out, String what) {
    if (!out.ok()) {
      throw new AssertionError(what + " exited " + out.exitCode() + ": " + out.text());
    }
    return out;
  }

  private static Output finish(Process p, String... command) {
    try {
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish: " + text);
      }
      return new Output(p.exitValue(), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** Waits until {@code condition} holds or {@code within} has passed; whether it held. */
  static boolean eventually(Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleep(50);
    }
    return true;
  }
}
