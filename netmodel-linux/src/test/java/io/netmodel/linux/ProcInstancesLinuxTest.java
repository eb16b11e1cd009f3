package io.netmodel.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.testkit.junit.KernelPrivilege;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The port's own procfs instances: shared by a few namespaces each, closed after their last. */
class ProcInstancesLinuxTest {
  @BeforeEach
  void needsPrivilegeAndIpv6() {
    KernelPrivilege.requireNamespaceAdmin();
    Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/proc/sys/net/ipv6")), "this kernel has no IPv6");
  }

  @Test
  void anInstanceServesShareNamespacesThenTheNextIsMadeAndTheOldClosedAfterItsLastUse()
      throws Exception {
    try (ProcInstances instances = new ProcInstances()) {
      List<ProcInstances.Instance> first = new ArrayList<>();
      for (int i = 0; i < ProcInstances.SHARE; i++) {
        first.add(instances.next().orElseThrow());
      }
      ProcInstances.Instance second = instances.next().orElseThrow();

      assertThat(first).allSatisfy(i -> assertThat(i).isSameAs(first.get(0)));
      assertThat(second).isNotSameAs(first.get(0));
      Path old = first.get(0).ipv6();
      // A procfs of its own: the same directory as /proc's, on another file system.
      assertThat(dev(old)).isNotEqualTo(dev(Path.of("/proc/sys/net/ipv6")));
      assertThat(Files.isDirectory(old.resolve("conf/lo"))).isTrue();

      for (int i = 0; i < ProcInstances.SHARE - 1; i++) {
        instances.done(first.get(i));
      }
      assertThat(Files.isDirectory(old)).as("still in use once").isTrue();
      instances.done(first.get(ProcInstances.SHARE - 1));
      assertThat(Files.exists(old)).as("closed after its last use").isFalse();
      instances.done(second);
    }
  }

  @Test
  void theHomeIdentityIsTheHomeNamespacesDirectoryInThatInstance() throws Exception {
    try (ProcInstances instances = new ProcInstances()) {
      ProcInstances.Instance instance = instances.next().orElseThrow();

      assertThat(instance.homeIdentity())
          .isEqualTo(Files.readAttributes(instance.ipv6(), BasicFileAttributes.class).fileKey());
      instances.done(instance);
    }
  }

  private static Object dev(Path path) throws Exception {
    return Files.getAttribute(path, "unix:dev");
  }
}
