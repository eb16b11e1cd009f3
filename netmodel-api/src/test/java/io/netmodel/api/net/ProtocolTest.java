package io.netmodel.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolTest {

  @ParameterizedTest(name = "\"{0}\" parses as {1}")
  @CsvSource({
    "tcp, TCP",
    "udp, UDP",
    "sctp, SCTP",
    "TCP, TCP",
    "Udp, UDP",
    "SCTP, SCTP",
  })
  void parsesDockersProtocolsIgnoringCase(String text, Protocol expected) {
    assertThat(Protocol.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {"", "icmp", "ip", "tcp6", " tcp", "tcp ", "t cp", "6", "tcp/udp"})
  void refusesOtherProtocolsNamingTheChoicesAndQuotingTheText(String text) {
    assertThatThrownBy(() -> Protocol.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tcp, udp or sctp")
        .hasMessageContaining("\"" + text + "\"");
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> Protocol.parse(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest(name = "{0} prints as \"{1}\"")
  @CsvSource({"TCP, tcp", "UDP, udp", "SCTP, sctp"})
  void printsTheLowerCaseName(Protocol protocol, String text) {
    assertThat(protocol.toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void toStringRoundTripsThroughParse(Protocol protocol) {
    assertThat(Protocol.parse(protocol.toString())).isSameAs(protocol);
  }

  // IPPROTO_TCP, IPPROTO_UDP and IPPROTO_SCTP in <linux/in.h>.
  @ParameterizedTest(name = "{0} is IP protocol {1}")
  @CsvSource({"TCP, 6", "UDP, 17", "SCTP, 132"})
  void carriesTheKernelsIpProtocolNumber(Protocol protocol, int number) {
    assertThat(protocol.ipProtocol()).isEqualTo(number);
  }
}
