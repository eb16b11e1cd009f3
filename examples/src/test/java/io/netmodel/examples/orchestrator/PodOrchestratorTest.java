package io.netmodel.examples.orchestrator;

import static io.netmodel.testkit.assertions.NetmodelAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.ConflictException;
import io.netmodel.api.Networking;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.examples.orchestrator.PodOrchestrator.Deployment;
import io.netmodel.testkit.junit.FakeNet;
import io.netmodel.testkit.kernel.FakeKernel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The orchestrator's unit test, on the testkit's fake: no root, no kernel changes. */
class PodOrchestratorTest {
  @FakeNet Networking net;
  @FakeNet FakeKernel kernel;

  @Test
  void servicesGetAddressesOnTheirApplicationsNetworkAndReachEachOther() {
    Deployment shop = new PodOrchestrator(net).deploy("shop", List.of("web", "db"));

    assertThat(shop.addresses())
        .containsEntry("web", IpPrefix.parse("172.18.0.2/16"))
        .containsEntry("db", IpPrefix.parse("172.18.0.3/16"));
    assertThat(net.sandbox("shop-web").orElseThrow()).canReach(kernel, "172.18.0.3");
    assertThat(net.sandbox("shop-web").orElseThrow())
        .namespace(kernel)
        .hasOnlyLinks("lo", "eth0")
        .hasDefaultRouteVia("172.18.0.1");
  }

  @Test
  void applicationsAreKeptApart() {
    PodOrchestrator apps = new PodOrchestrator(net);
    apps.deploy("shop", List.of("web"));
    Deployment blog = apps.deploy("blog", List.of("web"));

    assertThat(blog.addresses()).containsEntry("web", IpPrefix.parse("172.19.0.2/16"));
    assertThat(net.sandbox("shop-web").orElseThrow()).cannotReach(kernel, "172.19.0.2");
  }

  @Test
  void aFailedDeploymentLeavesNothing() {
    net.createSandbox(SandboxSpec.of(net.parseMode("none")).withName("shop-db"));

    assertThatThrownBy(() -> new PodOrchestrator(net).deploy("shop", List.of("web", "db")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("shop-db");

    assertThat(net.network("shop")).isEmpty();
    assertThat(net.sandbox("shop-web")).isEmpty();
  }

  @Test
  void teardownRemovesSandboxesAndNetworkAndIsIdempotent() {
    PodOrchestrator apps = new PodOrchestrator(net);
    apps.deploy("shop", List.of("web", "db"));

    assertThat(apps.teardown("shop")).isTrue();
    assertThat(apps.teardown("shop")).isFalse();

    assertThat(net.sandboxes()).isEmpty();
    assertThat(net.networks()).extracting(n -> n.name()).containsExactly("bridge");
    assertThat(kernel.namespaces().list()).isEmpty();
  }
}
