package io.netmodel.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.linux.netlink.NetlinkClient;
import io.netmodel.linux.ns.LinuxNamespaces;
import io.netmodel.linux.rtnl.LinkMessage;
import io.netmodel.linux.rtnl.RtnlLinks;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The throwaway namespace and the veth request on the real kernel, as root. */
class ThrowawayNamespaceLinuxTest {
  private List<String> before;

  @BeforeEach
  void requireRoot() {
    KernelPrivilege.requireNamespaceAdmin();
    before = Leftovers.now();
  }

  @Test
  void makesAnEmptyNamespaceApartFromHomeAndRemovesEveryTraceOnClose() throws Exception {
    NamespaceId home = LinuxNamespaces.currentThreadNamespace();
    Path file;
    try (ThrowawayNamespace ns = ThrowawayNamespace.create()) {
      file = ns.file();
      assertThat(file).exists();
      NamespaceId inside = ns.handle().call(LinuxNamespaces::currentThreadNamespace);
      assertThat(inside).isEqualTo(ns.handle().id()).isNotEqualTo(home);
      RtnlLinks links = new RtnlLinks(ns.openRouteClient(), LinuxNamespaces::fdOf);
      assertThat(links.list()).extracting(l -> l.name()).containsExactly("lo");
    }
    assertThat(file).doesNotExist();
    assertThat(Leftovers.now()).isEqualTo(before);
    assertThat(LinuxNamespaces.currentThreadNamespace()).isEqualTo(home);
  }

  @Test
  void closeTwiceIsHarmless() {
    ThrowawayNamespace ns = ThrowawayNamespace.create();
    ns.close();
    ns.close();

    assertThat(Leftovers.now()).isEqualTo(before);
  }

  @Test
  void vethRequestMakesBothEndsInOneNamespace() throws Exception {
    try (ThrowawayNamespace ns = ThrowawayNamespace.create()) {
      NetlinkClient client = ns.openRouteClient();
      RtnlLinks links = new RtnlLinks(client, LinuxNamespaces::fdOf);

      client.execute(VethRequest.of("va0", "vb0").request());

      LinkMessage va = links.find("va0").orElseThrow();
      LinkMessage vb = links.find("vb0").orElseThrow();
      assertThat(va.kind()).hasValue("veth");
      assertThat(vb.kind()).hasValue("veth");
      assertThat(va.link()).hasValue(vb.index());
      assertThat(vb.link()).hasValue(va.index());
    }
  }

  @Test
  void vethRequestPutsThePeerInTheNamespaceOfItsDescriptor() throws Exception {
    try (ThrowawayNamespace host = ThrowawayNamespace.create();
        ThrowawayNamespace sandbox = ThrowawayNamespace.create()) {
      NetlinkClient hostClient = host.openRouteClient();

      hostClient.execute(
          VethRequest.of("veth1a2b", "eth0").withPeerNamespaceFd(sandbox.handle().fd()).request());

      RtnlLinks hostLinks = new RtnlLinks(hostClient, LinuxNamespaces::fdOf);
      RtnlLinks sandboxLinks = new RtnlLinks(sandbox.openRouteClient(), LinuxNamespaces::fdOf);
      assertThat(hostLinks.find("veth1a2b")).isPresent();
      assertThat(hostLinks.find("eth0")).isEmpty();
      assertThat(sandboxLinks.find("eth0").orElseThrow().kind()).hasValue("veth");
    }
  }

  @Test
  void theTemporaryDirectoryIsUnderDevShm() {
    try (ThrowawayNamespace ns = ThrowawayNamespace.create()) {
      assertThat(ns.file().toString()).startsWith("/dev/shm/netmodel-micro-");
      assertThat(Files.isDirectory(ns.file().getParent())).isTrue();
    }
  }
}
