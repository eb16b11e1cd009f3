package io.netmodel.testkit.kernel;

import static io.netmodel.testkit.assertions.NetmodelAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.testkit.FakeNetworking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake's reachability answers and their explanations. */
class ReachabilityTest {
  private final FakeKernel kernel = FakeKernel.create();
  private final Networking net = FakeNetworking.builder().kernel(kernel).build();

  @AfterEach
  void close() {
    net.close();
  }

  @Test
  void aPathOverTheBridgeIsExplainedStepByStep() {
    Sandbox a = net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("a"));
    net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("b"));

    Reachability answer;
    try (NamespaceHandle ns = net.openNamespace("a")) {
      answer = kernel.reach(ns, IpAddresses.parse("172.17.0.3"));
    }

    assertThat(answer.reachable()).isTrue();
    assertThat(answer.reason()).isEqualTo("reached netns b");
    assertThat(answer.path())
        .contains("netns a: 172.17.0.0/16 dev eth0", "netns a: eth0 reaches netns b's eth0 (172.17.0.3)");
    assertThat(a).canReach(kernel, "172.17.0.3").canReach(kernel, "127.0.0.1");
  }

  @Test
  void networksAreIsolatedAndTheAnswerSaysByWhat() {
    net.createNetwork(io.netmodel.api.network.BridgeNetworkSpec.builder("web").build());
    net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("a"));
    Sandbox b = net.createSandbox(SandboxSpec.of(net.parseMode("web")).withName("b"));

    try (NamespaceHandle ns = net.openNamespace("b")) {
      Reachability answer = kernel.reach(ns, IpAddresses.parse("172.17.0.2"));
      assertThat(answer.reachable()).isFalse();
      assertThat(answer.reason()).contains("isolation of networks", "web", "bridge");
    }
    assertThatThrownBy(() -> assertThat(b).canReach(kernel, "172.17.0.2"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("isolation");
  }

  @Test
  void aNamespaceWithoutRoutesIsUnreachableInTheKernelsWords() {
    Sandbox quiet = net.createSandbox(SandboxSpec.of(net.parseMode("none")).withName("quiet"));

    assertThat(quiet).cannotReach(kernel, "172.17.0.1");
    try (NamespaceHandle ns = net.openNamespace("quiet")) {
      assertThat(kernel.reach(ns, IpAddresses.parse("172.17.0.1")).reason())
          .contains("Network is unreachable");
    }
  }
}
