package io.netmodel.testkit.assertions;

import static io.netmodel.testkit.assertions.NetmodelAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.testkit.junit.FakeNet;
import io.netmodel.testkit.kernel.FakeKernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
  void rejectsAnUnparsableModeAsBadInput() {
    assertThatThrownBy(() -> assertThat(web).isInMode(""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
