package io.netmodel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmodel.examples.cli.Netmodel.Outcome;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code netmodel run} on the real kernel, through the packaged jar: what CMD sees inside the
 * sandbox, the streams passed through, the exit statuses, and what {@code --rm} leaves.
 */
class RunCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private Netmodel netmodel;

  @BeforeEach
  void privileged() {
    KernelPrivilege.requireNamespaceAdmin();
    netmodel = Netmodel.in(temp);
  }

  @AfterEach
  void removeWhatIsLeft() throws Exception {
    if (netmodel != null) {
      netmodel.cleanUp();
    }
  }

  @Test
  void noneModeShowsOnlyLoopbackAndRmLeavesNothing() throws Exception {
    Outcome run = netmodel.run("run", "--rm", "--network", "none", "--", "ip", "-br", "addr");

    assertThat(run.status()).as(run.toString()).isZero();
    List<String> interfaces =
        run.outLines().stream()
            .filter(line -> !line.isBlank())
            .map(line -> line.strip().split("\\s+")[0])
            .collect(Collectors.toList());
    assertThat(interfaces).as(run.toString()).containsExactly("lo");
    assertThat(run.err()).as(run.toString()).isEmpty();
    assertNothingLeft();
  }

  @Test
  void noneModeLoopbackIsUpWithOnlyTheLocalhostAddresses() throws Exception {
    Outcome run = netmodel.run("run", "--rm", "--network", "none", "--", "ip", "-j", "addr");

    assertThat(run.status()).as(run.toString()).isZero();
    JsonNode links = JSON.readTree(run.out());
    assertThat(links).as(run.toString()).hasSize(1);
    JsonNode lo = links.get(0);
    assertThat(lo.path("ifname").asText()).isEqualTo("lo");
    assertThat(texts(lo.path("flags"))).as(run.toString()).contains("UP");
    List<String> addresses = new ArrayList<>();
    for (JsonNode a : lo.path("addr_info")) {
      addresses.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
    }
    assertThat(addresses).as(run.toString()).containsExactlyInAnyOrder("127.0.0.1/8", "::1/128");
  }

  @Test
  void noneModeIsANamespaceOfItsOwn() throws Exception {
    Outcome run =
        netmodel.run("run", "--rm", "--network", "none", "--", "readlink", "/proc/self/ns/net");

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.out().strip()).matches("net:\\[\\d+\\]").isNotEqualTo(hostNamespace());
  }

  @Test
  void hostModeSeesTheHostNamespace() throws Exception {
    Outcome run =
        netmodel.run("run", "--rm", "--network", "host", "--", "readlink", "/proc/self/ns/net");

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.out().strip()).isEqualTo(hostNamespace());
    assertNothingLeft();
  }

  @Test
  void passesStdinThrough() throws Exception {
    Outcome run = netmodel.runWithInput("hello\n", "run", "--rm", "--network", "none", "--", "cat");

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("hello\n");
  }

  @Test
  void passesStdoutAndStderrThroughSeparately() throws Exception {
    Outcome run =
        netmodel.run(
            "run", "--rm", "--network", "none", "--", "sh", "-c", "echo to-out; echo to-err >&2");

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("to-out\n");
    assertThat(run.err()).isEqualTo("to-err\n");
  }

  @ParameterizedTest(name = "sh -c ''{0}'' exits {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "exit 0          | 0",
        "exit 7          | 7",
        "exit 255        | 255",
        "kill -TERM $$   | 143", // killed by a signal: 128 + SIGTERM, as a shell and Docker say
      })
  void exitsWithTheCommandsOwnStatus(String script, int status) throws Exception {
    Outcome run = netmodel.run("run", "--rm", "--network", "none", "--", "sh", "-c", script);

    assertThat(run.status()).as(run.toString()).isEqualTo(status);
    assertThat(run.err()).as("netmodel adds nothing to stderr").isEmpty();
    assertNothingLeft();
  }

  @Test
  void exits126WhenTheCommandIsNotExecutable() throws Exception {
    Path script = Files.writeString(temp.resolve("not-executable.sh"), "#!/bin/sh\necho ran\n");

    Outcome run = netmodel.run("run", "--rm", "--network", "none", "--", script.toString());

    assertThat(run.status()).as(run.toString()).isEqualTo(126);
    assertThat(run.out()).isEmpty();
    assertOneNetmodelLineNaming(run, script.toString());
    assertNothingLeft();
  }

  @Test
  void exits126WhenTheCommandIsADirectory() throws Exception {
    Outcome run = netmodel.run("run", "--rm", "--network", "none", "--", temp.toString());

    assertThat(run.status()).as(run.toString()).isEqualTo(126);
    assertOneNetmodelLineNaming(run, temp.toString());
    assertNothingLeft();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"no-such-command-netmodel-it", "/nonexistent/netmodel-it/cmd"})
  void exits127WhenTheCommandIsNotFound(String command) throws Exception {
    Outcome run = netmodel.run("run", "--rm", "--network", "none", "--", command);

    assertThat(run.status()).as(run.toString()).isEqualTo(127);
    assertOneNetmodelLineNaming(run, command);
    assertNothingLeft();
  }

  @Test
  void withoutRmTheSandboxStaysUntilRemoved() throws Exception {
    Outcome run = netmodel.run("run", "--name", "kept", "--network", "none", "--", "true");

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(names(netmodel.run("ps", "--format", "json"))).containsExactly("kept");
    assertThat(netmodel.namespaceFiles()).containsExactly("kept");

    Outcome rm = netmodel.run("rm", "kept");
    assertThat(rm.status()).as(rm.toString()).isZero();
    assertNothingLeft();
  }

  @Test
  void rmLeavesTheSandboxesOfOthersAlone() throws Exception {
    assertThat(netmodel.run("create", "--name", "other", "--network", "none").status()).isZero();

    Outcome run = netmodel.run("run", "--rm", "--name", "brief", "--network", "none", "--", "true");

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(names(netmodel.run("ps", "--format", "json"))).containsExactly("other");
    assertThat(netmodel.namespaceFiles()).containsExactly("other");
  }

  @Test
  void stoppingRunWithRmStopsTheCommandAndRemovesTheSandbox() throws Exception {
    Path pidFile = temp.resolve("cmd.pid");
    String[] args = {
      "run", "--rm", "--name", "stopped", "--network", "none", "--",
      "sh", "-c", "echo $$ > " + pidFile + "; exec sleep 120"
    };
    Process netmodelProcess = netmodel.start(args);
    long pid = Netmodel.awaitPid(pidFile);
    assertThat(netmodel.namespaceFiles()).containsExactly("stopped");

    netmodelProcess.destroy(); // SIGTERM, as `kill` or a service manager would send
    Outcome run = Outcome.of(netmodelProcess, "", netmodel.command(args));

    assertThat(run.status()).as(run.toString()).isEqualTo(143);
    assertThat(Netmodel.awaitEnd(pid, 10)).as("the command got SIGTERM and ended").isTrue();
    assertNothingLeft();
  }

  private void assertNothingLeft() throws Exception {
    Outcome ps = netmodel.run("ps", "--format", "json");
    assertThat(ps.status()).as(ps.toString()).isZero();
    assertThat(names(ps)).as("sandboxes left").isEmpty();
    assertThat(netmodel.namespaceFiles()).as("namespace files left").isEmpty();
  }

  static void assertOneNetmodelLineNaming(Outcome run, String culprit) {
    assertThat(run.errLines()).as(run.toString()).hasSize(1);
    assertThat(run.errLines().get(0)).startsWith("netmodel: ").contains(culprit);
  }

  static List<String> names(Outcome ps) throws Exception {
    assertThat(ps.status()).as(ps.toString()).isZero();
    JsonNode list = JSON.readTree(ps.out());
    assertThat(list.isArray()).as(ps.toString()).isTrue();
    return StreamSupport.stream(list.spliterator(), false)
        .map(s -> s.path("Name").asText())
        .collect(Collectors.toList());
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::asText)
        .collect(Collectors.toList());
  }

  private static String hostNamespace() throws Exception {
    return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
  }
}
