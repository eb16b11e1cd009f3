package io.netmodel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.core.kernel.Link;
import io.netmodel.testkit.kernel.FakeKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeNetworkingTest {
  @Test
  void aTemporaryStateDirectoryIsDeletedOnClose() throws Exception {
    Path state;
    try (Networking net = FakeNetworking.create()) {
      Sandbox s = net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("a"));
      state = s.namespacePath().orElseThrow();
      assertThat(state.toString()).isEqualTo("/run/netns/a");
    }
    assertThat(Files.exists(Path.of("/run/netns/a"))).isFalse();
  }

  @Test
  void aGivenStateDirectoryIsKeptAndSeenByTheNextNetworking(@TempDir Path state) {
    FakeKernel kernel = FakeKernel.create();
    try (Networking net = FakeNetworking.builder().kernel(kernel).stateDirectory(state).build()) {
      net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("kept"));
    }
    try (Networking again = FakeNetworking.builder().kernel(kernel).stateDirectory(state).build()) {
      assertThat(again.sandbox("kept")).isPresent();
      try (var ns = again.openNamespace("kept")) {
        assertThat(kernel.links(ns).list()).extracting(Link::up).containsExactly(true);
      }
    }
  }

  @Test
  void theSameCallsOnTheSameSeedGiveTheSameIdsAddressesMacsAndDeviceNames() {
    assertThat(bridgeRun(7)).isEqualTo(bridgeRun(7)).isNotEqualTo(bridgeRun(8));
  }

  /** What a small bridge scenario produces that a test could depend on. */
  private static List<String> bridgeRun(long seed) {
    FakeKernel kernel = FakeKernel.builder().seed(seed).build();
    try (Networking net = FakeNetworking.builder()
            .kernel(kernel)
            .seed(seed)
            .clock(java.time.Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC))
            .build()) {
      net.createNetwork(io.netmodel.api.network.BridgeNetworkSpec.builder("web").build());
      Sandbox a = net.createSandbox(SandboxSpec.of(net.parseMode("web")));
      List<String> seen = new java.util.ArrayList<>();
      seen.add(a.id());
      seen.add(a.endpoints().toString());
      seen.add(net.network("web").orElseThrow().toString());
      kernel.links(kernel.namespaces().host()).list().forEach(l -> seen.add(l.toString()));
      return seen;
    }
  }
}
