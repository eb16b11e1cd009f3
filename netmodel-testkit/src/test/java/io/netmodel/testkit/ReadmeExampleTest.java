package io.netmodel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.ConflictException;
import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import org.junit.jupiter.api.Test;

/** The testkit example of README.md, kept here so that it cannot rot. */
class ReadmeExampleTest {
  @Test
  void sidecarSharesTheWebSandboxNetwork() {
    try (Networking net = FakeNetworking.create()) {   // no root, no kernel changes
      Sandbox web = net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("web"));
      Sandbox sidecar =
          net.createSandbox(SandboxSpec.of(NetworkMode.parse("container:web")).withName("sidecar"));

      assertThat(sidecar.namespace()).isEqualTo(web.namespace());
      assertThatThrownBy(() -> net.removeSandbox("web"))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("sidecar");
    }
  }
}
