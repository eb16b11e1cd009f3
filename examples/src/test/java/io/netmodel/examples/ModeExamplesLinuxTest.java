package io.netmodel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.api.Endpoint;
import io.netmodel.api.Networking;
import io.netmodel.linux.LinuxNetworking;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-mode examples run as smoke tests on the real kernel, each against a throwaway
 * namespace that plays the host. Needs root; skipped without it, except under CI=true.
 */
class ModeExamplesLinuxTest {
  @TempDir Path temp;
  private String hostName;
  private Path netnsDir;

  @BeforeEach
  void makeThrowawayHost() throws Exception {
    KernelPrivilege.requireNamespaceAdmin();
    hostName = "nmx-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
    assertThat(ip("netns", "add", hostName)).isZero();
    netnsDir = temp.resolve("netns");
  }

  @AfterEach
  void removeEverything() throws Exception {
    if (netnsDir != null && Files.isDirectory(netnsDir)) {
      try (Stream<Path> files = Files.list(netnsDir)) {
        for (Path file : files.toList()) {
          new ProcessBuilder("umount", "-l", file.toString()).start().waitFor(10, TimeUnit.SECONDS);
          Files.deleteIfExists(file);
        }
      }
      new ProcessBuilder("umount", "-l", netnsDir.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
    if (hostName != null) {
      ip("netns", "del", hostName);
    }
  }

  private LinuxNetworking.Builder settings() {
    return LinuxNetworking.builder()
        .hostNamespace(Path.of("/run/netns", hostName))
        .netnsDirectory(netnsDir)
        .stateDirectory(temp.resolve("state"));
  }

  @Test
  void noneModeHasOnlyLoopbackWithItsAddresses() throws Exception {
    List<String> interfaces = NoneModeExample.run(settings());

    assertThat(interfaces).hasSize(1);
    assertThat(interfaces.get(0)).startsWith("lo ").contains("127.0.0.1/8").contains("::1/128");
    assertThat(leftoverNamespaces()).isEmpty();
  }

  @Test
  void containerModeSandboxesTalkOverLoopback() throws Exception {
    assertThat(ContainerModeExample.run(settings())).isEqualTo("hello from con1");
    assertThat(leftoverNamespaces()).isEmpty();
  }

  @Test
  void hostModeSandboxLivesInTheHostNamespace() throws Exception {
    long hostInode = (Long) Files.getAttribute(Path.of("/run/netns", hostName), "unix:ino");

    assertThat(HostModeExample.run(settings()).inode()).isEqualTo(hostInode);
  }

  @Test
  void bridgeModeSandboxesTalkOverTheirNetwork() throws Exception {
    BridgeModeExample.Outcome outcome = BridgeModeExample.run(settings());

    assertThat(outcome.greeting()).isEqualTo("hello from web1");
    assertThat(outcome.serverAddress()).isEqualTo("172.18.0.2");
    assertThat(outcome.clientAddress()).isEqualTo("172.18.0.3/16");
    assertThat(leftoverNamespaces()).isEmpty();
  }

  @Test
  void macvlanModeSandboxSitsOnTheParentsNetwork() throws Exception {
    // The "physical" network: a veth in the throwaway host whose far end is in it too.
    assertThat(ip("-n", hostName, "link", "add", "phys0", "type", "veth", "peer", "name", "wire0"))
        .isZero();
    assertThat(ip("-n", hostName, "link", "set", "phys0", "up")).isZero();

    List<String> inside =
        MacvlanModeExample.run(settings(), "phys0", "10.213.50.0/24", "10.213.50.1");

    assertThat(inside).anySatisfy(l -> assertThat(l).startsWith("eth0@").contains("UP"));
    assertThat(inside).anySatisfy(l -> assertThat(l).startsWith("eth0@").contains("10.213.50.2/24"));
    assertThat(leftoverNamespaces()).isEmpty();
  }

  @Test
  void ipvlanModeSandboxesShareTheParentsMac() throws Exception {
    assertThat(ip("-n", hostName, "link", "add", "phys0", "type", "veth", "peer", "name", "wire0"))
        .isZero();
    assertThat(ip("-n", hostName, "link", "set", "phys0", "up")).isZero();

    try (Networking net = settings().build()) {
      List<Endpoint> endpoints;
      try {
        endpoints = IpvlanModeExample.run(net, "phys0", "10.213.51.0/24", "10.213.51.1");
      } catch (UnsupportedOperationException e) {
        // Only the missing driver skips ("this kernel has no ipvlan driver, …"); anything else
        // fails the test.
        Assumptions.assumeFalse(e.getMessage().contains("no ipvlan driver"), e.getMessage());
        throw e;
      }
      assertThat(endpoints).hasSize(2);
      assertThat(endpoints.get(0).macAddress()).isEqualTo(endpoints.get(1).macAddress());
    }
    assertThat(leftoverNamespaces()).isEmpty();
  }

  private List<Path> leftoverNamespaces() throws IOException {
    if (!Files.isDirectory(netnsDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(netnsDir)) {
      return files.toList();
    }
  }

  private static int ip(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "ip";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).inheritIO().start();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
