package io.netmodel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.ConflictException;
import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.Endpoint;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.api.network.MacvlanNetworkSpec;
import io.netmodel.api.network.ParentInterface;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.testkit.assertions.NetmodelAssertions;
import io.netmodel.testkit.kernel.FakeKernel;
import io.netmodel.testkit.kernel.Reachability;
import java.util.List;
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

  /** README, "Bridge networks": the sample, and the addresses its comments promise. */
  @Test
  void bridgeNetworksSample() {
    try (Networking net = FakeNetworking.create()) {
      net.createNetwork(BridgeNetworkSpec.builder("web").build());       // 172.18.0.0/16, the next free pool
      Sandbox a = net.createSandbox(SandboxSpec.of(net.parseMode("web")).withName("a"));
      List<IpPrefix> addresses = a.endpoints().get(0).addresses();       // [172.18.0.2/16]
      Endpoint eth1 = net.connect("a", net.parseMode("bridge"));         // eth1 on the default network

      assertThat(addresses).containsExactly(IpPrefix.parse("172.18.0.2/16"));
      assertThat(eth1.interfaceName()).isEqualTo(InterfaceName.of("eth1"));
    }
  }

  /** README, "Macvlan and ipvlan networks": the sample, on a fake host that has an eth1. */
  @Test
  void macvlanSample() {
    FakeKernel kernel = FakeKernel.create();
    NamespaceHandle host = kernel.namespaces().host();
    kernel.links(host).add(new LinkSpec.Veth(
        InterfaceName.of("eth1"), LinkOptions.none(), InterfaceName.of("peer1"), host,
        LinkOptions.none()));
    try (Networking net = FakeNetworking.builder().kernel(kernel).build()) {
      net.createNetwork(MacvlanNetworkSpec.of("lan", ParentInterface.parse("eth1"))
          .withIpv4(IpamConfig.of(IpPrefix.parse("192.168.50.0/24"), IpAddresses.parse("192.168.50.1"))));
      Sandbox a = net.createSandbox(SandboxSpec.of(net.parseMode("lan")).withName("a"));   // eth0 on eth1's LAN

      assertThat(a.endpoints().get(0).addresses()).containsExactly(IpPrefix.parse("192.168.50.2/24"));
    }
  }

  /** README, the reachability sample of "Testing your code without root". */
  @Test
  void reachabilitySample() {
    FakeKernel kernel = FakeKernel.create();
    Networking net = FakeNetworking.builder().kernel(kernel).build();
    Sandbox a = net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("a"));
    net.createSandbox(SandboxSpec.of(net.parseMode("bridge")).withName("b"));
    NetmodelAssertions.assertThat(a).canReach(kernel, "172.17.0.3");           // b, over nm0
    try (NamespaceHandle handleOfA = net.openNamespace("a")) {
      Reachability answer = kernel.reach(handleOfA, IpAddresses.parse("10.9.9.9"));
      // unreachable: host has no route to 10.9.9.9 (Network is unreachable), and the path

      assertThat(answer.reachable()).isFalse();
      assertThat(answer.toString())
          .startsWith("unreachable: host has no route to 10.9.9.9 (Network is unreachable)");
    } finally {
      net.close();
    }
  }
}
