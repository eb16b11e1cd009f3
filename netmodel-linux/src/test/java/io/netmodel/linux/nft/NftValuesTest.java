package io.netmodel.linux.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.net.IpPrefix;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The value types of the package: their text forms round-trip and bad input is refused. */
class NftValuesTest {

  @ParameterizedTest
  @ValueSource(strings = {"accept", "drop", "return", "continue", "jump isolate", "goto nm-br0"})
  void verdictTextRoundTrips(String text) {
    assertThat(NftVerdict.parse(text).toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "queue", "jump ", "ACCEPT"})
  void rejectsUnknownVerdict(String text) {
    assertThatThrownBy(() -> NftVerdict.parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsChainOnAcceptAndPolicyOtherThanAcceptOrDrop() {
    assertThatThrownBy(() -> new NftVerdict(Netfilter.NF_ACCEPT, Optional.of("x")))
        .hasMessageContaining("names a chain");
    assertThatThrownBy(
            () -> new ChainHook(NftChainType.FILTER, NftHook.INPUT, 0, NftVerdict.jump("x")))
        .hasMessage("chain policy must be accept or drop: jump x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0ad50002", "06", "6272300000000000"})
  void valueHexRoundTrips(String hex) {
    assertThat(NftValue.parse(hex).toString()).isEqualTo(hex);
  }

  @Test
  void rejectsEmptyOrOverlongValue() {
    assertThatThrownBy(() -> NftValue.of()).hasMessage(
        "nf_tables value length out of range 1..64: 0 bytes");
    assertThatThrownBy(() -> NftValue.of(new byte[65])).hasMessage(
        "nf_tables value length out of range 1..64: 65 bytes");
    assertThatThrownBy(() -> NftValue.parse("abc")).hasMessageContaining("\"abc\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a\0b"})
  void rejectsBadNames(String name) {
    assertThatThrownBy(() -> new NftCommand.AddTable(NftFamily.IP, name, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table name");
  }

  @Test
  void rejectsNameOf256Bytes() {
    assertThatThrownBy(() -> new NftCommand.DeleteTable(NftFamily.IP, "t".repeat(256)))
        .hasMessageContaining("1 to 255 bytes");
  }

  @Test
  void rejectsRuleWithoutExpressionsAndEmptyBatch() {
    assertThatThrownBy(() -> NftCommand.AddRule.append(NftFamily.IP, "t", "c", List.of()))
        .hasMessage("a rule needs at least one expression: chain ip t c");
    assertThatThrownBy(() -> NftBatch.builder().build())
        .hasMessage("an nf_tables batch needs at least one command");
  }

  @Test
  void prefixOffByteBoundaryIsMaskedAndOnBoundaryIsShortened() {
    assertThat(NftMatch.ipv4Source(Expression.Cmp.Op.EQ, IpPrefix.parse("10.0.0.0/8")))
        .containsExactly(
            new Expression.Payload(Expression.Payload.Base.NETWORK, 12, 1, NftRegister.REG_1),
            Expression.Cmp.eq(NftRegister.REG_1, NftValue.parse("0a")));
    assertThat(NftMatch.ipv4Source(Expression.Cmp.Op.EQ, IpPrefix.parse("10.0.0.0/12")))
        .extracting(Expression::name).containsExactly("payload", "bitwise", "cmp");
    assertThatThrownBy(
            () -> NftMatch.ipv4Source(Expression.Cmp.Op.EQ, IpPrefix.parse("0.0.0.0/0")))
        .hasMessageContaining("/0");
    assertThatThrownBy(
            () -> NftMatch.ipv4Source(Expression.Cmp.Op.EQ, IpPrefix.parse("fd00::/64")))
        .hasMessageContaining("IPv4");
  }

  @Test
  void familyKeywordRoundTrips() {
    for (NftFamily f : NftFamily.values()) {
      assertThat(NftFamily.parse(f.toString())).isEqualTo(f);
      assertThat(NftFamily.ofNfproto(f.nfproto())).hasValue(f);
    }
    assertThatThrownBy(() -> NftFamily.parse("ipv4")).hasMessageContaining("\"ipv4\"");
  }
}
