package io.netmodel.testkit.assertions;

import static io.netmodel.testkit.assertions.NetmodelAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.Bridge;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.net.PortMapping;
import io.netmodel.api.net.Protocol;
import io.netmodel.testkit.junit.FakeNet;
import io.netmodel.testkit.kernel.FakeKernel;
import org.junit.jupiter.api.BeforeEach;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxAssertTest {
  @FakeNet Networking net;
  @FakeNet FakeKernel kernel;
  Sandbox web;
  Sandbox sidecar;
  Sandbox quiet;

  @BeforeEach
  void makeSandboxes() {
    web = net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("web"));
    sidecar =
        net.createSandbox(SandboxSpec.of(NetworkMode.parse("container:web")).withName("sidecar"));
    quiet = net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("quiet"));
  }

  @Test
  void passesOverTheSandboxes() {
    assertThat(web).isInMode("none").doesNotShareNamespaceWith(quiet).hasNoEndpoints();
    assertThat(sidecar).isInMode("container:web").sharesNamespaceWith(web);
  }

  @Test
  void readsTheSandboxNamespaceFromTheKernel() {
    assertThat(web)
        .namespace(kernel)
        .hasOnlyLinks("lo")
        .hasLinkUp("lo")
        .hasAddress("lo", "127.0.0.1/8")
        .hasAddress("lo", "::1/128")
        .hasNoRoutes();
  }

  @Test
  void namespaceFailureNamesTheSandboxAndPrintsItsNamespace() {
    assertThatThrownBy(() -> assertThat(web).namespace(kernel).hasLink("eth0"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "[sandbox web] Expecting namespace " + web.namespacePath().orElseThrow())
        .hasMessageContaining("to have link eth0, but it has no link of that name")
        .hasMessageContaining("links:\n  1: lo kind - ");
  }

  @Test
  void modeFailurePrintsTheWholeSandbox() {
    assertThatThrownBy(() -> assertThat(web).isInMode("host"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting sandbox web to be in mode host, but it is in mode none")
        .hasMessageContaining("name web id " + web.shortId() + " mode none")
        .hasMessageContaining("namespace " + web.namespace())
        .hasMessageContaining("endpoints:\n    (none)");
  }

  @Test
  void namespaceSharingFailuresNameTheOtherSandbox() {
    assertThatThrownBy(() -> assertThat(quiet).sharesNamespaceWith(web))
        .hasMessageContaining(
            "to share the namespace of sandbox web (" + web.namespace() + "), but it has its own");
    assertThatThrownBy(() -> assertThat(sidecar).doesNotShareNamespaceWith(web))
        .hasMessageContaining("not to share the namespace of sandbox web, but it does")
        .hasMessageContaining("owned by web");
  }

  @Test
  void endpointFailureSaysWhichNetwork() {
    assertThatThrownBy(() -> assertThat(web).hasEndpointOn("backend"))
        .hasMessageContaining("to have an endpoint on network backend, but it has none there");
  }

  @Test
  void canReachAPublishedPortAndCannotReachFromANoneSandbox() {
    Sandbox client = publishedServerAndClient();

    assertThat(client)
        .canReach(kernel, "172.17.0.1", 8080, Protocol.TCP)
        .canReach(kernel, "172.17.0.2", 80, Protocol.TCP);
    assertThat(quiet).cannotReach(kernel, "172.17.0.1", 8080, Protocol.TCP);
  }

  @Test
  void portReachFailuresPrintThePath() {
    Sandbox client = publishedServerAndClient();

    assertThatThrownBy(() -> assertThat(quiet).canReach(kernel, "172.17.0.1", 8080, Protocol.TCP))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting sandbox quiet to reach 172.17.0.1:8080/tcp, but it does"
            + " not: unreachable:")
        .hasMessageContaining("Network is unreachable");
    assertThatThrownBy(
            () -> assertThat(client).cannotReach(kernel, "172.17.0.1", 8080, Protocol.TCP))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not to reach 172.17.0.1:8080/tcp, but it does: reachable: reached")
        .hasMessageContaining("172.17.0.1:8080/tcp is DNATed to 172.17.0.2:80 (endpoint ")
        .hasMessageContaining("endpoints:\n    bridge: eth0");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 65536})
  void rejectsAPortOutOfRangeAsBadInput(int port) {
    assertThatThrownBy(() -> assertThat(web).canReach(kernel, "127.0.0.1", port, Protocol.UDP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port out of range 1..65535: " + port);
  }

  /** Sandbox server publishing 8080 to its port 80 (172.17.0.2), and a client beside it. */
  private Sandbox publishedServerAndClient() {
    net.createSandbox(SandboxSpec.of(Bridge.defaultNetwork()
        .withPublish(List.of(PortMapping.parse("8080:80")))).withName("server"));
    return net.createSandbox(SandboxSpec.of(NetworkMode.parse("bridge")).withName("client"));
  }

  @Test
  void rejectsAnUnparsableModeAsBadInput() {
    assertThatThrownBy(() -> assertThat(web).isInMode(""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
