package io.netmodel.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class InterfaceNameTest {

  // The accepted and refused names below were checked against kernel 6.18 with
  // `ip link add name NAME type veth peer name p0` in a throwaway network namespace.

  @ParameterizedTest(name = "\"{0}\" is a valid interface name")
  @ValueSource(
      strings = {
        "eth0",
        "lo",
        "a",
        "abcdefghijklmno", // 15 bytes, the most IFNAMSIZ allows
        "br-0123456789ab", // Docker's bridge names are exactly 15
        "veth1a2b3c4",
        "eth0.100",
        "...",
        ".a",
        "a.",
        "a..b",
        "a@b",
        "-",
        "_x_",
        "ééééééé", // 7 characters, 14 bytes
        "日日日日日", // 5 characters, 15 bytes
        "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", // 3 emoji, 12 bytes
        "á", // UTF-8 c3 a1: no byte is a kernel space
        "a\u007fb", // DEL is a control character, not a kernel space
      })
  void acceptsWhatTheKernelAccepts(String name) {
    InterfaceName parsed = InterfaceName.of(name);

    assertThat(parsed.value()).isEqualTo(name);
    assertThat(parsed.toString()).isEqualTo(name);
  }

  static Stream<Arguments> refusedNames() {
    return Stream.of(
        arguments(named("empty", ""), "must not be empty"),
        arguments(named("16 ASCII bytes", "abcdefghijklmnop"), "at most 15 bytes"),
        arguments(named("8 characters, 16 UTF-8 bytes", "éééééééé"), "at most 15 bytes"),
        arguments(named("6 characters, 18 UTF-8 bytes", "日日日日日日"), "at most 15 bytes"),
        arguments(named("4 emoji, 16 UTF-8 bytes", "\uD83D\uDE00".repeat(4)), "at most 15 bytes"),
        arguments(named("dot", "."), "must not be \".\" or \"..\""),
        arguments(named("dot dot", ".."), "must not be \".\" or \"..\""),
        arguments(named("slash", "eth/0"), "must not contain '/'"),
        arguments(named("only a slash", "/"), "must not contain '/'"),
        arguments(named("colon, an alias label", "eth0:1"), "must not contain ':'"),
        arguments(named("space", "eth 0"), "must not contain whitespace"),
        arguments(named("leading space", " eth0"), "must not contain whitespace"),
        arguments(named("trailing space", "eth0 "), "must not contain whitespace"),
        arguments(named("tab", "eth\t0"), "must not contain whitespace"),
        arguments(named("newline", "eth0\n"), "must not contain whitespace"),
        arguments(named("vertical tab", "eth\u000b0"), "must not contain whitespace"),
        arguments(named("form feed", "eth\f0"), "must not contain whitespace"),
        arguments(named("carriage return", "eth\r0"), "must not contain whitespace"),
        arguments(named("no-break space, UTF-8 c2 a0", "a\u00a0b"), "must not contain whitespace"),
        // The kernel's isspace works on bytes and counts 0xa0 as space: "à" is c3 a0.
        arguments(named("à, whose UTF-8 ends in byte 0xa0", "à"), "must not contain whitespace"));
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @MethodSource("refusedNames")
  void refusesWhatTheKernelRefusesNamingTheRuleAndQuotingTheName(String name, String rule) {
    assertThatThrownBy(() -> InterfaceName.of(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(rule)
        .hasMessageContaining(name.isEmpty() ? "empty" : "\"" + name + "\"");
  }

  @Test
  void countsTheLengthInUtf8BytesAndReportsIt() {
    String name = "éééééééé";
    assertThat(name).hasSize(8);
    assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(16);

    assertThatThrownBy(() -> InterfaceName.of(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IFNAMSIZ")
        .hasMessageContaining("got 16");
  }

  @Test
  void refusesNulShowingItEscaped() {
    assertThatThrownBy(() -> InterfaceName.of("eth\u00000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain NUL")
        .hasMessageContaining("\"eth\\00\"");
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> InterfaceName.of(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest(name = "\"{0}\" round-trips through parse")
  @ValueSource(strings = {"eth0", "br-0123456789ab", "eth0.100", "日日日日日", "..."})
  void toStringRoundTripsThroughParse(String name) {
    InterfaceName original = InterfaceName.of(name);

    assertThat(InterfaceName.parse(original.toString())).isEqualTo(original);
  }

  @Test
  void isEqualByValue() {
    assertThat(InterfaceName.parse("eth0"))
        .isEqualTo(InterfaceName.of("eth0"))
        .hasSameHashCodeAs(InterfaceName.of("eth0"))
        .isNotEqualTo(InterfaceName.of("eth1"))
        .isNotEqualTo(InterfaceName.of("ETH0"));
  }

  @org.junit.jupiter.api.Test
  void refusesALoneSurrogateThatUtf8CannotCarry() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> InterfaceName.of("a\uD800b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lone surrogate");
  }
}
