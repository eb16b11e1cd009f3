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
}
