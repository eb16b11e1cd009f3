package io.netmodel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.api.Endpoint;
import io.netmodel.api.Networking;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.testkit.FakeNetworking;
import io.netmodel.testkit.kernel.FakeKernel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ipvlan example on the testkit's fake kernel, which has the ipvlan driver this project's
 * machines lack (ModeExamplesLinuxTest runs it on the real kernel where there is one).
 */
class IpvlanModeExampleTest {
  @TempDir Path temp;

  @Test
  void ipvlanSandboxesShareTheParentsMacAndTakeTheSubnetsAddresses() {
    FakeKernel kernel = FakeKernel.create();
    var host = kernel.namespaces().host();
    kernel.links(host).add(new LinkSpec.Veth(
        InterfaceName.of("phys0"), LinkOptions.none(), InterfaceName.of("wire0"), host,
        LinkOptions.none()));
    Link phys0 = kernel.links(host).get(InterfaceName.of("phys0")).orElseThrow();
    kernel.links(host).change(phys0.index(), LinkChange.setUp());

    try (Networking net =
        FakeNetworking.builder().kernel(kernel).stateDirectory(temp).build()) {
      List<Endpoint> endpoints =
          IpvlanModeExample.run(net, "phys0", "10.213.50.0/24", "10.213.50.1");

      assertThat(endpoints).extracting(Endpoint::macAddress)
          .containsOnly(phys0.macAddress().orElseThrow());
      assertThat(endpoints).extracting(e -> e.addresses().get(0))
          .containsExactly(IpPrefix.parse("10.213.50.2/24"), IpPrefix.parse("10.213.50.3/24"));
      assertThat(net.sandboxes()).isEmpty();
      assertThat(net.networks()).extracting(n -> n.name()).doesNotContain("lan");
    }
  }
}
