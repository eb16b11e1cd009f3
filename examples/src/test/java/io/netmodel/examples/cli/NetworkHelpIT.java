package io.netmodel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.examples.cli.Netmodel.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code netmodel network} help and command-line syntax through the packaged jar: neither
 * opens the kernel, so neither needs privilege.
 */
class NetworkHelpIT {
  @TempDir Path temp;
  private Netmodel netmodel;

  @BeforeEach
  void jar() {
    netmodel = Netmodel.in(temp);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (netmodel != null) {
      netmodel.cleanUp();
    }
  }

  @Test
  void topCommandHelpListsNetwork() throws Exception {
    Outcome help = netmodel.run("--help");

    assertThat(help.status()).as(help.toString()).isZero();
    assertThat(help.out()).as(help.toString()).contains("  network ");
  }

  @Test
  void networkHelpListsEveryVerb() throws Exception {
    Outcome help = netmodel.run("network", "--help");

    assertThat(help.status()).as(help.toString()).isZero();
    assertThat(help.out())
        .as(help.toString())
        .startsWith("Usage: netmodel network ")
        .contains("  create ", "  ls", "  inspect ", "  rm", "  connect ", "  disconnect ")
        .contains("  prune ");
    assertThat(help.err()).isEmpty();
  }

  @Test
  void networkWithoutAVerbPrintsTheUsageAsDockerDoes() throws Exception {
    Outcome bare = netmodel.run("network");

    assertThat(bare.status()).as(bare.toString()).isZero();
    assertThat(bare.out()).as(bare.toString()).startsWith("Usage: netmodel network ");
    assertThat(bare.err()).isEmpty();
  }

  @ParameterizedTest(name = "netmodel network {0} --help")
  @ValueSource(
      strings = {
        "create", "ls", "list", "inspect", "rm", "remove", "connect", "disconnect", "prune"
      })
  void everyVerbAnswersHelp(String verb) throws Exception {
    Outcome help = netmodel.run("network", verb, "--help");

    assertThat(help.status()).as(help.toString()).isZero();
    assertThat(help.out()).as(help.toString()).startsWith("Usage: netmodel network ");
    assertThat(help.err()).as(help.toString()).isEmpty();
    assertThat(netmodel.namespaceFiles()).isEmpty();
  }

  @ParameterizedTest(name = "netmodel network {0} --help names {1}")
  @CsvSource({
    "create, --driver",
    "create, --subnet",
    "create, --gateway",
    "create, --ip-range",
    "create, --aux-address",
    "create, --internal",
    "create, --ipv6",
    "create, --opt",
    "create, com.docker.network.bridge.name",
    "create, com.docker.network.driver.mtu",
    "create, macvlan_mode",
    "ls, --format",
    "inspect, NAME",
    "rm, NAME",
    "connect, --ip6",
    "connect, --alias",
    "connect, NETWORK",
    "connect, SANDBOX",
    "disconnect, SANDBOX",
    "prune, --force",
  })
  void verbHelpDescribesItsOptions(String verb, String option) throws Exception {
    Outcome help = netmodel.run("network", verb, "--help");

    assertThat(help.out()).as(help.toString()).contains(option);
  }

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        syntax("NAME", "network", "create"),
        syntax("--no-such-option", "network", "create", "--no-such-option", "nmit-x"),
        syntax("NAME", "network", "inspect"),
        syntax("NAME", "network", "rm"),
        syntax("SANDBOX", "network", "connect", "nmit-x"),
        syntax("NETWORK", "network", "disconnect"),
        syntax("nmit-x", "network", "ls", "nmit-x"),
        syntax("nosuchverb", "network", "nosuchverb"));
  }

  private static Arguments syntax(String culprit, String... args) {
    return Arguments.of(culprit, List.of(args));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("syntaxErrors")
  void syntaxErrorsExit125WithOneLinePointingToHelp(
      String culprit, List<String> args) throws Exception {
    Outcome run = netmodel.run(args.toArray(String[]::new));

    assertThat(run.status()).as(run.toString()).isEqualTo(125);
    assertThat(run.errLines()).as(run.toString()).hasSize(1);
    assertThat(run.errLines().get(0))
        .as(run.toString())
        .startsWith("netmodel: ")
        .contains(culprit)
        .contains("--help");
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.out()).as(run.toString()).isEmpty();
  }
}
