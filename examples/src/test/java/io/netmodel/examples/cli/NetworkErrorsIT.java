package io.netmodel.examples.cli;

import static io.netmodel.examples.cli.NetworkCommandsIT.createNetwork;
import static io.netmodel.examples.cli.NetworkCommandsIT.createSandbox;
import static io.netmodel.examples.cli.RunCommandIT.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netmodel.examples.cli.Netmodel.Outcome;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The failures of {@code netmodel network ...} through the packaged jar: status 125, one line
 * on stderr that starts with {@code netmodel:} and names the culprit, no stack trace, nothing
 * on stdout, and nothing made or removed. The cases share one throwaway host with one
 * network, {@code nmit-taken} (10.213.20.0/24), and one sandbox in none mode, {@code
 * nmit-box}; each case checks that they, and the host's bridges, came through untouched, so
 * a case that changed anything fails itself rather than the next. (One setup for all keeps
 * this class to a few jar launches per case.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkErrorsIT {
  @TempDir static Path temp;
  private NetworkCommandsIT.Cli cli;
  private List<String> networksBefore;
  private List<String> bridgesBefore;

  @BeforeAll
  void oneNetworkAndOneSandboxExist() throws Exception {
    KernelPrivilege.requireNamespaceAdmin();
    cli = NetworkCommandsIT.Cli.in(temp);
    createNetwork(cli, "nmit-taken", "--subnet", "10.213.20.0/24");
    createSandbox(cli, "nmit-box", "--network", "none");
    networksBefore = names(cli.run("network", "ls", "--format", "json"));
    bridgesBefore = hostBridges();
  }

  @AfterAll
  void removeWhatIsLeft() throws Exception {
    if (cli != null) {
      cli.close();
    }
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        failure("inspect of a missing network", "nmit-missing",
            "network", "inspect", "nmit-missing"),
        failure("rm of a missing network", "nmit-missing", "network", "rm", "nmit-missing"),
        failure("a taken name", "nmit-taken",
            "network", "create", "--subnet", "10.213.21.0/24", "nmit-taken"),
        failure("an overlapping subnet", "10.213.20.",
            "network", "create", "--subnet", "10.213.20.0/25", "nmit-new"),
        failure("a gateway outside the subnet", "10.213.22.1",
            "network", "create", "--subnet", "10.213.21.0/24", "--gateway", "10.213.22.1",
            "nmit-new"),
        failure("a subnet with host bits", "10.213.21.1/24",
            "network", "create", "--subnet", "10.213.21.1/24", "nmit-new"),
        failure("an unknown driver option", "nosuch",
            "network", "create", "--subnet", "10.213.21.0/24", "-o", "nosuch=1", "nmit-new"),
        failure("an MTU out of range", "70000",
            "network", "create", "--subnet", "10.213.21.0/24",
            "-o", "com.docker.network.driver.mtu=70000", "nmit-new"),
        failure("an unknown driver", "weird", "network", "create", "-d", "weird", "nmit-new"),
        failure("--ipv6 without an IPv6 subnet", "--ipv6",
            "network", "create", "--subnet", "10.213.21.0/24", "--ipv6", "nmit-new"),
        failure("an invalid name", "bad name!", "network", "create", "bad name!"),
        failure("a mode's name", "host", "network", "create", "host"),
        failure("connect to a missing network", "nmit-missing",
            "network", "connect", "nmit-missing", "nmit-box"),
        failure("connect of a missing sandbox", "nmit-nobody",
            "network", "connect", "nmit-taken", "nmit-nobody"),
        failure("connect to host", "host", "network", "connect", "host", "nmit-box"),
        failure("connect with a malformed --ip", "10.213.20",
            "network", "connect", "--ip", "10.213.20", "nmit-taken", "nmit-box"),
        failure("disconnect from a missing network", "nmit-missing",
            "network", "disconnect", "nmit-missing", "nmit-box"),
        failure("disconnect of a sandbox not connected", "nmit-box",
            "network", "disconnect", "nmit-taken", "nmit-box"),
        failure("an unknown ls format", "yaml", "network", "ls", "--format", "yaml"));
  }

  private static Arguments failure(String why, String culprit, String... args) {
    return Arguments.of(why, culprit, List.of(args));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void networkFailuresExit125WithOneLineNamingTheCulprit(
      String why, String culprit, List<String> args) throws Exception {
    Outcome run = cli.run(args.toArray(String[]::new));

    assertThat(run.status()).as(run.toString()).isEqualTo(125);
    assertThat(run.errLines()).as(run.toString()).hasSize(1);
    assertThat(run.errLines().get(0)).as(run.toString()).startsWith("netmodel: ").contains(culprit);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.out()).as(run.toString()).isEmpty();
    assertNothingChanged();
  }

  @Test
  void inspectOfAMissingNetworkSaysNetworkNotFound() throws Exception {
    Outcome run = cli.run("network", "inspect", "nmit-missing");

    assertThat(run.errLines()).as(run.toString())
        .containsExactly("netmodel: network not found: nmit-missing");
  }

  @Test
  void inspectPrintsTheNetworksFoundAndFailsForTheMissing() throws Exception {
    Outcome run = cli.run("network", "inspect", "nmit-taken", "nmit-missing");

    assertThat(run.status()).as(run.toString()).isEqualTo(125);
    JsonNode printed = NetworkCommandsIT.JSON.readTree(run.out());
    assertThat(printed).as(run.toString()).hasSize(1);
    assertThat(printed.get(0).path("Name").asText()).isEqualTo("nmit-taken");
    assertThat(run.errLines()).containsExactly("netmodel: network not found: nmit-missing");
  }

  @Test
  void rmOfANetworkInUseNamesItAndKeepsIt() throws Exception {
    createSandbox(cli, "nmit-user", "--network", "nmit-taken");
    Outcome run;
    try {
      run = cli.run("network", "rm", "nmit-taken");
    } finally {
      Outcome rm = cli.run("rm", "nmit-user");
      assertThat(rm.status()).as(rm.toString()).isZero();
    }

    assertThat(run.status()).as(run.toString()).isEqualTo(125);
    assertThat(run.errLines()).as(run.toString()).hasSize(1);
    assertThat(run.errLines().get(0)).startsWith("netmodel: ").contains("nmit-taken");
    assertThat(run.out()).isEmpty();
    assertNothingChanged();
  }

  private void assertNothingChanged() throws Exception {
    assertThat(names(cli.run("network", "ls", "--format", "json")))
        .containsExactlyElementsOf(networksBefore);
    Outcome ps = cli.run("ps", "--format", "json");
    assertThat(names(ps)).containsExactly("nmit-box");
    JsonNode box = NetworkCommandsIT.JSON.readTree(ps.out()).get(0);
    assertThat(box.path("Endpoints").size()).as(ps.toString()).isZero();
    assertThat(hostBridges())
        .as("bridges on the host")
        .containsExactlyInAnyOrderElementsOf(bridgesBefore);
  }

  /** Names of the bridge devices in the host namespace. */
  private List<String> hostBridges() throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode link : cli.ip("link", "show", "type", "bridge")) {
      out.add(link.path("ifname").asText());
    }
    return out;
  }
}
