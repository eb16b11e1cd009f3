package io.netmodel.examples.cli;

import static io.netmodel.examples.cli.RunCommandIT.names;
import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.examples.cli.Netmodel.Outcome;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * netmodel's own failures through the packaged jar: status 125, one line on stderr that starts
 * with {@code netmodel:} and names the culprit, no stack trace, and nothing made or removed.
 * Each case starts with one sandbox, {@code taken}, which must come through untouched.
 */
class NetmodelErrorsIT {
  @TempDir Path temp;
  private Netmodel netmodel;

  @BeforeEach
  void oneSandboxExists() throws Exception {
    KernelPrivilege.requireNamespaceAdmin();
    netmodel = Netmodel.in(temp);
    Outcome create = netmodel.run("create", "--name", "taken", "--network", "none");
    assertThat(create.status()).as(create.toString()).isZero();
  }

  @AfterEach
  void removeWhatIsLeft() throws Exception {
    if (netmodel != null) {
      netmodel.cleanUp();
    }
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        failure("a malformed network mode", "bad net", "run", "--rm", "--network", "bad net", "--", "true"),
        failure("--ip with network none", "--ip", "run", "--rm", "--network", "none", "--ip", "10.0.0.2", "--", "true"),
        failure("--ip with network none on create", "--ip", "create", "--network", "none", "--ip", "10.0.0.2"),
        failure("-p with network host", "port publishing (-p 8080:80)", "create", "--network", "host", "-p", "8080:80"),
        failure("-p with network none on run", "port publishing (-p 80)", "run", "--rm", "--network", "none", "-p", "80", "--", "true"),
        failure("a malformed -p", "80:80:80:80", "create", "-p", "80:80:80:80"),
        failure("a duplicate name on create", "taken", "create", "--name", "taken", "--network", "none"),
        failure("a duplicate name on run --rm", "taken", "run", "--rm", "--name", "taken", "--network", "none", "--", "true"),
        failure("an invalid name", "bad name!", "create", "--name", "bad name!", "--network", "none"),
        failure("joining a missing sandbox", "missing", "create", "--network", "container:missing"),
        failure("rm of a missing sandbox", "missing", "rm", "missing"),
        failure("inspect of a missing name", "missing", "inspect", "missing"),
        failure("exec in a missing sandbox", "missing", "exec", "missing", "--", "true"),
        failure("an unknown ps format", "yaml", "ps", "--format", "yaml"));
  }

  private static Arguments failure(String why, String culprit, String... args) {
    return Arguments.of(why, culprit, List.of(args));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void netmodelFailuresExit125WithOneLineNamingTheCulprit(
      String why, String culprit, List<String> args) throws Exception {
    Outcome run = netmodel.run(args.toArray(String[]::new));

    assertThat(run.status()).as(run.toString()).isEqualTo(125);
    assertThat(run.errLines()).as(run.toString()).hasSize(1);
    assertThat(run.errLines().get(0)).as(run.toString()).startsWith("netmodel: ").contains(culprit);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.out()).as(run.toString()).isEmpty();
    assertOnlyTakenExists();
  }

  @Test
  void anUnknownNetworkExits125WithOneLine() throws Exception {
    Outcome run = netmodel.run("run", "--rm", "--network", "nosuchnet", "--", "true");

    assertThat(run.status()).as(run.toString()).isEqualTo(125);
    assertThat(run.errLines()).as(run.toString()).hasSize(1).first().asString()
        .isEqualTo("netmodel: network not found: nosuchnet");
    assertOnlyTakenExists();
  }

  @Test
  void forcedRmOfAMissingSandboxSucceedsQuietly() throws Exception {
    Outcome rm = netmodel.run("rm", "-f", "missing");

    assertThat(rm.status()).as(rm.toString()).isZero();
    assertThat(rm.out()).isEmpty();
    assertThat(rm.err()).isEmpty();
    assertOnlyTakenExists();
  }

  @Test
  void badCommandLineSyntaxExits125WithoutAStackTrace() throws Exception {
    Outcome run = netmodel.run("run", "--no-such-option", "--", "true");

    assertThat(run.status()).as(run.toString()).isEqualTo(125);
    assertThat(run.errLines()).as(run.toString()).hasSize(1).first().asString()
        .startsWith("netmodel: ").contains("--no-such-option").contains("netmodel run --help");
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertOnlyTakenExists();
  }

  private void assertOnlyTakenExists() throws Exception {
    assertThat(names(netmodel.run("ps", "--format", "json"))).containsExactly("taken");
    assertThat(netmodel.namespaceFiles()).containsExactly("taken");
  }
}
