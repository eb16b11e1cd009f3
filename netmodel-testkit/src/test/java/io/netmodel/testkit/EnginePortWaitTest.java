package io.netmodel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.core.engine.NetworkingEngine;
import io.netmodel.core.engine.Policy;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.Links;
import io.netmodel.core.state.StateStore;
import io.netmodel.testkit.kernel.FakeKernel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the engine waits for a bridge port: after it has recorded the sandbox or the endpoint
 * (so that the kernel's deferred work runs while the state is written), before it returns; and
 * what a failing wait leaves. The fake kernel's port wait is watched through a proxy.
 */
class EnginePortWaitTest {
  @TempDir Path state;

  private final FakeKernel fake = FakeKernel.create();
  private final AtomicReference<Networking> net = new AtomicReference<>();
  private final List<String> seenDuringWaits = new ArrayList<>();

  @AfterEach
  void close() {
    if (net.get() != null) {
      net.get().close();
    }
    fake.close();
  }

  @FunctionalInterface
  private interface PortWait {
    boolean await(Links links, int port, int bridge, Duration timeout);
  }

  @Test
  void aNewSandboxIsRecordedBeforeTheEngineWaitsForItsPort() {
    Networking engine = open(recordingStateOf("a"));

    engine.createSandbox(SandboxSpec.of(NetworkMode.parse("bridge")).withName("a"));

    assertThat(seenDuringWaits).containsExactly("a recorded, endpoints [bridge]");
  }

  @Test
  void aConnectedEndpointIsRecordedBeforeTheEngineWaitsForItsPort() {
    Networking engine = open(recordingStateOf("c"));
    engine.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("c"));

    engine.connect("c", engine.parseMode("bridge"));

    assertThat(seenDuringWaits).containsExactly("c recorded, endpoints [bridge]");
  }

  @Test
  void aPortWaitThatFailsLeavesTheSandboxComplete() {
    Networking engine = open((links, port, bridge, timeout) -> {
      throw new IllegalStateException("the host end is gone");
    });

    Sandbox a = engine.createSandbox(SandboxSpec.of(NetworkMode.parse("bridge")).withName("a"));

    assertThat(a.endpoints())
        .singleElement()
        .satisfies(e -> assertThat(e.network()).isEqualTo("bridge"));
    assertThat(engine.sandbox("a")).isPresent();
    try (NamespaceHandle ns = engine.openNamespace("a")) {
      assertThat(fake.links(ns).get(InterfaceName.of("eth0"))).isPresent();
    }
  }

  /** A port wait that notes what the state says of sandbox {@code name}, then waits. */
  private PortWait recordingStateOf(String name) {
    return (links, port, bridge, timeout) -> {
      seenDuringWaits.add(describe(name));
      return links.awaitPortEnabled(port, bridge, timeout);
    };
  }

  /** What the engine's state says of sandbox {@code name} at this moment. */
  private String describe(String name) {
    return net.get()
        .sandbox(name)
        .map(s -> name + " recorded, endpoints "
            + s.endpoints().stream().map(e -> e.network()).toList())
        .orElse(name + " not recorded");
  }

  private Networking open(PortWait wait) {
    Networking engine =
        new NetworkingEngine(
            intercepting(fake, wait), StateStore.open(state), Policy.defaults(),
            Clock.systemUTC(), () -> {});
    net.set(engine);
    return engine;
  }

  /** {@code kernel}, whose links' port waits go through {@code wait}. */
  private static Kernel intercepting(Kernel kernel, PortWait wait) {
    return (Kernel) Proxy.newProxyInstance(
        Kernel.class.getClassLoader(),
        new Class<?>[] {Kernel.class},
        (proxy, method, args) -> {
          Object result = invoke(method, kernel, args);
          if (!method.getName().equals("links")) {
            return result;
          }
          Links links = (Links) result;
          return Proxy.newProxyInstance(
              Links.class.getClassLoader(),
              new Class<?>[] {Links.class},
              (p, m, a) ->
                  m.getName().equals("awaitPortEnabled")
                      ? wait.await(links, (int) a[0], (int) a[1], (Duration) a[2])
                      : invoke(m, links, a));
        });
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
