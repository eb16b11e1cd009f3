package io.netmodel.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.core.ipam.Ipam;
import io.netmodel.core.state.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs on one state directory, netns directory and (throwaway) host attach sandboxes to
 * one bridge network at the same time: the state store's lock keeps IPAM and the kernel
 * consistent across processes. Needs CAP_SYS_ADMIN, CAP_NET_ADMIN and {@code ip}; skips
 * without them, except under {@code CI=true}.
 */
class BridgeConcurrencyLinuxTest {
  private static final int PER_PROCESS = 50;
  private static final IpPrefix SUBNET = IpPrefix.parse("10.213.9.0/24");
  private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(45);

  @TempDir Path temp;
  private BridgeLab lab;
  private final List<Process> workers = new ArrayList<>();

  @BeforeEach
  void openLab() throws IOException {
    lab = BridgeLab.open(Files.createDirectory(temp.resolve("state")));
  }

  @AfterEach
  void closeLab() {
    try {
      for (Process p : workers) {
        p.destroyForcibly();
      }
    } finally {
      if (lab != null) {
        lab.close();
      }
    }
  }

  @Test
  @Timeout(90)
  void twoProcessesAttachingAtOnceGetDistinctAddressesAndReleaseThemAll() throws Exception {
    lab.net.createNetwork(BridgeNetworkSpec.builder("c").ipv4(IpamConfig.of(SUBNET)).build());
    String bridge = lab.bridgeOf("c").toString();
    Path go = temp.resolve("go");
    List<Path> outputs = new ArrayList<>();
    List<Path> errors = new ArrayList<>();
    List<Path> readies = new ArrayList<>();
    for (String prefix : List.of("p", "q")) {
      Path out = temp.resolve(prefix + ".out");
      Path err = temp.resolve(prefix + ".err");
      Path ready = temp.resolve(prefix + ".ready");
      outputs.add(out);
      errors.add(err);
      readies.add(ready);
      workers.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  BridgeConcurrencyWorker.class.getName(),
                  lab.stateDirectory.toString(),
                  lab.host.netnsDirectory.toString(),
                  lab.host.file.toString(),
                  "c",
                  prefix,
                  Integer.toString(PER_PROCESS),
                  ready.toString(),
                  go.toString())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start());
    }
    assertThat(BridgeLab.eventually(PROCESS_TIMEOUT,
            () -> readies.stream().allMatch(Files::exists)
                || workers.stream().anyMatch(p -> !p.isAlive())))
        .as("both workers opened LinuxNetworking (or one died)").isTrue();
    Files.createFile(go);

    List<String> lines = new ArrayList<>();
    List<List<Integer>> ranges = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      Process p = workers.get(i);
      boolean finished = p.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      String err = Files.readString(errors.get(i), StandardCharsets.UTF_8);
      assertThat(finished).as("worker %d finished; stderr:%n%s", i, err).isTrue();
      assertThat(p.exitValue()).as("worker %d exit; stderr:%n%s", i, err).isZero();
      assertThat(err).as("worker %d stderr", i).isEmpty();
      List<String> mine = Files.readAllLines(outputs.get(i), StandardCharsets.UTF_8);
      assertThat(mine).as("worker %d output", i).hasSize(PER_PROCESS);
      lines.addAll(mine);
      ranges.add(hostNumbers(mine));
    }
    assertThat(ranges.get(0).get(0)).as("the workers overlapped in time: %s", ranges)
        .isLessThan(ranges.get(1).get(PER_PROCESS - 1));
    assertThat(ranges.get(1).get(0)).as("the workers overlapped in time: %s", ranges)
        .isLessThan(ranges.get(0).get(PER_PROCESS - 1));

    Set<String> addresses = new HashSet<>();
    for (String line : lines) {
      IpPrefix address = IpPrefix.parse(line.split(" ")[1]);
      assertThat(SUBNET.contains(address.address())).as(line).isTrue();
      assertThat(address.address()).as(line).isNotEqualTo(SUBNET.host(1));
      addresses.add(IpAddresses.toString(address.address()));
    }
    assertThat(addresses).as("distinct addresses").hasSize(2 * PER_PROCESS);
    assertThat(lab.net.network("c").orElseThrow().sandboxes()).hasSize(2 * PER_PROCESS);
    assertThat(new Ipam(StateStore.open(lab.stateDirectory)).allocations("c"))
        .hasSize(2 * PER_PROCESS);
    JsonNode ports = lab.hostIpJson("link", "show", "master", bridge);
    assertThat(ports).as("one veth per sandbox on the bridge").hasSize(2 * PER_PROCESS);

    for (Sandbox s : lab.net.sandboxes()) {
      assertThat(lab.net.removeSandbox(s.name())).isTrue();
    }

    assertThat(new Ipam(StateStore.open(lab.stateDirectory)).allocations("c")).isEmpty();
    assertThat(lab.net.network("c").orElseThrow().sandboxes()).isEmpty();
    try (var left = Files.list(lab.host.netnsDirectory)) {
      assertThat(left).as("namespace files left").isEmpty();
    }
    Sandbox next = lab.net.createSandbox(SandboxSpec.of(lab.net.parseMode("c")).withName("next"));
    assertThat(next.endpoints().get(0).addresses())
        .containsExactly(IpPrefix.of(SUBNET.host(2), SUBNET.length()));
  }

  /** The last octet of each worker line's address, in the order they were handed out. */
  private static List<Integer> hostNumbers(List<String> lines) {
    List<Integer> numbers = new ArrayList<>();
    for (String line : lines) {
      byte[] bytes = IpPrefix.parse(line.split(" ")[1]).address().getAddress();
      numbers.add(bytes[3] & 0xff);
    }
    return numbers;
  }
}
