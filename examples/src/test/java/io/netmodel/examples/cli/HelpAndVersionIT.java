package io.netmodel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.examples.cli.Netmodel.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --help} and {@code version} of the packaged jar; neither needs privilege. */
class HelpAndVersionIT {
  @TempDir Path temp;
  private Netmodel netmodel;

  @BeforeEach
  void jar() {
    netmodel = Netmodel.in(temp);
  }

  @AfterEach
  void cleanUp() throws Exception {
    netmodel.cleanUp();
  }

  @Test
  void topCommandHelpListsEveryVerb() throws Exception {
    Outcome help = netmodel.run("--help");

    assertThat(help.status()).as(help.toString()).isZero();
    assertThat(help.out())
        .as(help.toString())
        .startsWith("Usage: netmodel ")
        .contains("--state-dir", "--netns-dir")
        .contains(
            "  run ", "  create ", "  exec ", "  ps ", "  inspect ", "  rm ", "  network ",
            "  bench ", "  version ");
    assertThat(help.err()).isEmpty();
  }

  @Test
  void noCommandPrintsTheUsageAsDockerDoes() throws Exception {
    Outcome bare = netmodel.run();

    assertThat(bare.status()).as(bare.toString()).isZero();
    assertThat(bare.out()).startsWith("Usage: netmodel ").contains("  tour ", "  run ");
    assertThat(bare.err()).isEmpty();
  }

  @ParameterizedTest(name = "netmodel {0} --help")
  @ValueSource(
      strings = {
        "tour", "run", "create", "exec", "ps", "inspect", "rm", "network", "bench", "version"
      })
  void everySubcommandAnswersHelp(String verb) throws Exception {
    Outcome help = netmodel.run(verb, "--help");

    assertThat(help.status()).as(help.toString()).isZero();
    assertThat(help.out()).as(help.toString()).startsWith("Usage: netmodel " + verb);
    assertThat(help.err()).as(help.toString()).isEmpty();
    assertThat(netmodel.namespaceFiles()).isEmpty();
  }

  @ParameterizedTest(name = "netmodel {0} --help names {1}")
  @CsvSource({
    "run, --network",
    "run, --rm",
    "run, CMD",
    "create, --name",
    "exec, NAME",
    "ps, --format",
    "rm, --force",
    "bench, --peers",
  })
  void subcommandHelpDescribesItsOptions(String verb, String option) throws Exception {
    Outcome help = netmodel.run(verb, "--help");

    assertThat(help.out()).as(help.toString()).contains(option);
  }

  @Test
  void versionPrintsTheProjectVersionFirst() throws Exception {
    // The build's own version (failsafe passes it), so a release needs no edit here.
    String expected = System.getProperty("netmodel.version", "0.1.0-SNAPSHOT");

    Outcome version = netmodel.run("version");

    assertThat(version.status()).as(version.toString()).isZero();
    assertThat(version.outLines())
        .as(version.toString())
        .first()
        .isEqualTo("netmodel " + expected);
    assertThat(version.err()).isEmpty();
  }

  @Test
  void versionOptionAgreesWithVersionCommand() throws Exception {
    Outcome option = netmodel.run("--version");
    Outcome command = netmodel.run("version");

    assertThat(option.status()).as(option.toString()).isZero();
    assertThat(option.out()).isEqualTo(command.out());
  }
}
