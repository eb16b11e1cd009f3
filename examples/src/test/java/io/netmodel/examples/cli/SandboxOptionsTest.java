package io.netmodel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.Networking;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.Bridge;
import io.netmodel.api.net.PortMapping;
import io.netmodel.testkit.FakeNetworking;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class SandboxOptionsTest {
  private final Networking net = FakeNetworking.create();

  @AfterEach
  void close() {
    net.close();
  }

  /** The options picocli makes of {@code args} on {@code create}. */
  private static SandboxOptions parse(String... args) {
    CreateCommand create = new CreateCommand();
    new CommandLine(create).parseArgs(args);
    return create.sandbox;
  }

  @Test
  void repeatedPublishFlagsBecomeTheBridgeModesPortsInOrder() {
    SandboxSpec spec =
        parse("-p", "8080:80", "--publish", "127.0.0.1::53/udp", "-p", "[::1]:8443:443")
            .toSpec(net);

    assertThat(spec.mode()).isInstanceOf(Bridge.class);
    assertThat(((Bridge) spec.mode()).publish())
        .containsExactly(
            PortMapping.parse("8080:80"),
            PortMapping.parse("127.0.0.1::53/udp"),
            PortMapping.parse("[::1]:8443:443"));
  }

  @Test
  void noPublishFlagPublishesNothing() {
    SandboxSpec spec = parse("--name", "web").toSpec(net);

    assertThat(((Bridge) spec.mode()).publish()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"host", "none", "container:con1"})
  void publishWithAModeOtherThanBridgeIsAConflictNamingTheSpecAndTheMode(String mode) {
    SandboxOptions options = parse("--network", mode, "-p", "8080:80", "-p", "53/udp");

    assertThatThrownBy(() -> options.toSpec(net))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "conflicting options: port publishing (-p 8080:80 -p 53/udp) and network mode "
                + mode + ": only bridge networks publish ports");
  }

  @Test
  void aMalformedSpecIsRefusedQuotingIt() {
    SandboxOptions options = parse("-p", "80:80:80:80/tcpx");

    assertThatThrownBy(() -> options.toSpec(net))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"80:80:80:80/tcpx\"");
  }

  @Test
  void otherEndpointOptionsWithoutAnEndpointAreStillNamedTogether() {
    SandboxOptions options = parse("--network", "none", "--ip", "10.0.0.2", "--network-alias", "a");

    assertThatThrownBy(() -> options.toSpec(net))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("conflicting options: --ip, --network-alias cannot be used");
  }

  @Test
  void helpDescribesThePublishGrammar() {
    CommandLine create = new CommandLine(new CreateCommand());
    String description =
        String.join(" ", create.getCommandSpec().findOption("--publish").description());

    assertThat(create.getUsageMessage()).contains("-p, --publish=SPEC");
    assertThat(description)
        .contains("[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/tcp|udp|sctp]")
        .contains("repeatable")
        .contains("bridge networks only")
        .contains("ephemeral");
  }

  @Test
  void runTakesTheSameFlags() {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs("-p", "8080:80", "--", "true");

    assertThat(run.sandbox.publish).isEqualTo(List.of("8080:80"));
    assertThat(run.command).containsExactly("true");
  }
}
