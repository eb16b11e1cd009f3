package io.netmodel.testkit.assertions;

import io.netmodel.api.Endpoint;
import io.netmodel.api.Sandbox;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.Protocol;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.testkit.kernel.FakeKernel;
import io.netmodel.testkit.kernel.Reachability;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions over a {@link Sandbox}, and the way to its namespace's kernel state. Made by
 * {@link NetmodelAssertions#assertThat(Sandbox)}.
 *
 * <pre>{@code
 * assertThat(sidecar).isInMode("container:web").sharesNamespaceWith(web);
 * assertThat(quiet).isInMode("none").namespace(kernel).hasOnlyLinks("lo").hasNoRoutes();
 * }</pre>
 *
 * <p>A failure names what was expected, then prints the whole sandbox: mode, namespace,
 * owner and every endpoint. Not thread-safe (as AssertJ's assertions are not); the sandbox
 * is an immutable snapshot.
 */
public final class SandboxAssert extends AbstractAssert<SandboxAssert, Sandbox> {

  SandboxAssert(Sandbox actual) {
    super(actual, SandboxAssert.class);
  }

  /**
   * Asserts that the sandbox's mode is {@code mode}, Docker's {@code --network} text
   * ({@code "none"}, {@code "container:web"}, a network's name). Modes are compared by that
   * text, so a network's name matches whatever its driver.
   *
   * @throws IllegalArgumentException if {@code mode} is not a network mode
   */
  public SandboxAssert isInMode(String mode) {
    return isInMode(NetworkMode.parse(mode));
  }

  /** Asserts that the sandbox's mode has the text of {@code mode}. */
  public SandboxAssert isInMode(NetworkMode mode) {
    Objects.requireNonNull(mode, "mode");
    isNotNull();
    if (!actual.mode().toString().equals(mode.toString())) {
      fail("to be in mode " + mode + ", but it is in mode " + actual.mode());
    }
    return this;
  }

  /** Asserts that the sandbox lives in the same network namespace as {@code other}. */
  public SandboxAssert sharesNamespaceWith(Sandbox other) {
    Objects.requireNonNull(other, "other");
    isNotNull();
    if (!actual.namespace().equals(other.namespace())) {
      fail(
          "to share the namespace of sandbox "
              + other.name()
              + " ("
              + other.namespace()
              + "), but it has its own");
    }
    return this;
  }

  /** Asserts that the sandbox does not live in the network namespace of {@code other}. */
  public SandboxAssert doesNotShareNamespaceWith(Sandbox other) {
    Objects.requireNonNull(other, "other");
    isNotNull();
    if (actual.namespace().equals(other.namespace())) {
      fail("not to share the namespace of sandbox " + other.name() + ", but it does");
    }
    return this;
  }

  /** Asserts that the sandbox has an endpoint on the network of that name. */
  public SandboxAssert hasEndpointOn(String network) {
    Objects.requireNonNull(network, "network");
    isNotNull();
    if (actual.endpoints().stream().noneMatch(endpoint -> endpoint.network().equals(network))) {
      fail("to have an endpoint on network " + network + ", but it has none there");
    }
    return this;
  }

  /** Asserts that the sandbox has no endpoints. */
  public SandboxAssert hasNoEndpoints() {
    isNotNull();
    if (!actual.endpoints().isEmpty()) {
      fail("to have no endpoints, but it has " + actual.endpoints().size());
    }
    return this;
  }

  /**
   * Reads the sandbox's namespace from {@code kernel} (the host's, in host mode) and
   * continues with assertions over that state.
   *
   * @throws io.netmodel.api.NotFoundException if the kernel has no such namespace
   */
  public NamespaceAssert namespace(Kernel kernel) {
    Objects.requireNonNull(kernel, "kernel");
    isNotNull();
    Optional<Path> path = actual.namespacePath();
    NamespaceState state;
    if (path.isEmpty()) {
      state = NamespaceState.of(kernel, kernel.namespaces().host());
    } else {
      try (NamespaceHandle ns = kernel.namespaces().openPath(path.get())) {
        state = NamespaceState.of(kernel, ns);
      }
    }
    return new NamespaceAssert(state).as("sandbox " + actual.name());
  }

  /**
   * Asserts that a packet from the sandbox reaches {@code address} and the reply comes back,
   * by the fake kernel's {@link FakeKernel#reach}; a failure prints where it stopped and why.
   */
  public SandboxAssert canReach(FakeKernel kernel, String address) {
    Reachability answer = reach(kernel, address);
    if (!answer.reachable()) {
      fail("to reach " + address + ", but it does not: " + answer);
    }
    return this;
  }

  /** Asserts that a packet from the sandbox does not reach {@code address} (or gets no reply). */
  public SandboxAssert cannotReach(FakeKernel kernel, String address) {
    Reachability answer = reach(kernel, address);
    if (answer.reachable()) {
      fail("not to reach " + address + ", but it does: " + answer);
    }
    return this;
  }

  /**
   * Asserts that a new connection ({@code protocol}) from the sandbox to {@code address}:
   * {@code port} is answered, published ports followed, by the fake kernel's {@link
   * FakeKernel#reach(NamespaceHandle, InetAddress, int, Protocol)}; a failure prints the whole
   * path and where it stopped.
   *
   * <pre>{@code
   * assertThat(client).canReach(kernel, "198.51.100.2", 8080, Protocol.TCP);
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code address} is not an IP literal or {@code port}
   *     is not in 1..65535
   */
  public SandboxAssert canReach(FakeKernel kernel, String address, int port, Protocol protocol) {
    Reachability answer = reach(kernel, address, port, protocol);
    if (!answer.reachable()) {
      fail("to reach " + service(address, port, protocol) + ", but it does not: " + answer);
    }
    return this;
  }

  /**
   * Asserts that a new connection ({@code protocol}) from the sandbox to {@code address}:
   * {@code port} is not answered (stopped on the way, or no reply comes back); a failure
   * prints the path it took.
   *
   * @throws IllegalArgumentException as {@link #canReach(FakeKernel, String, int, Protocol)}
   */
  public SandboxAssert cannotReach(
      FakeKernel kernel, String address, int port, Protocol protocol) {
    Reachability answer = reach(kernel, address, port, protocol);
    if (answer.reachable()) {
      fail("not to reach " + service(address, port, protocol) + ", but it does: " + answer);
    }
    return this;
  }

  private static String service(String address, int port, Protocol protocol) {
    String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
    return host + ":" + port + "/" + protocol;
  }

  private Reachability reach(FakeKernel kernel, String address) {
    Objects.requireNonNull(kernel, "kernel");
    InetAddress to = IpAddresses.parse(address);
    isNotNull();
    return inNamespace(kernel, ns -> kernel.reach(ns, to));
  }

  private Reachability reach(FakeKernel kernel, String address, int port, Protocol protocol) {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(protocol, "protocol");
    InetAddress to = IpAddresses.parse(address);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1..65535: " + port);
    }
    isNotNull();
    return inNamespace(kernel, ns -> kernel.reach(ns, to, port, protocol));
  }

  /** Asks {@code question} of the sandbox's namespace (the host's, in host mode). */
  private Reachability inNamespace(
      FakeKernel kernel, Function<NamespaceHandle, Reachability> question) {
    Optional<Path> path = actual.namespacePath();
    if (path.isEmpty()) {
      return question.apply(kernel.namespaces().host());
    }
    try (NamespaceHandle ns = kernel.namespaces().openPath(path.get())) {
      return question.apply(ns);
    }
  }

  /** Fails with the expectation, then the whole sandbox. */
  private void fail(String expectation) {
    failWithMessage(
        "%s", "Expecting sandbox " + actual.name() + " " + expectation + ". " + describe(actual));
  }

  private static String describe(Sandbox sandbox) {
    StringBuilder out =
        new StringBuilder("Observed sandbox:\n")
            .append("  name ")
            .append(sandbox.name())
            .append(" id ")
            .append(sandbox.shortId())
            .append(" mode ")
            .append(sandbox.mode())
            .append('\n')
            .append("  namespace ")
            .append(sandbox.namespace())
            .append(sandbox.namespacePath().map(path -> " at " + path).orElse(""))
            .append(sandbox.owner().map(owner -> " owned by " + owner).orElse(""))
            .append('\n')
            .append("  endpoints:\n");
    if (sandbox.endpoints().isEmpty()) {
      out.append("    (none)\n");
    }
    for (Endpoint endpoint : sandbox.endpoints()) {
      out.append("    ")
          .append(endpoint.network())
          .append(": ")
          .append(endpoint.interfaceName())
          .append(" mac ")
          .append(endpoint.macAddress())
          .append(" addresses ")
          .append(endpoint.addresses())
          .append(" gateways ")
          .append(endpoint.gateways())
          .append(" ports ")
          .append(endpoint.ports())
          .append('\n');
    }
    return out.toString();
  }
}
