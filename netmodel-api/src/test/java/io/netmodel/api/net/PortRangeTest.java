package io.netmodel.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortRangeTest {

  @ParameterizedTest
  @CsvSource({
    "80, 80, 80, 80",
    "0, 0, 0, 0",
    "65535, 65535, 65535, 65535",
    "8000-8010, 8000, 8010, 8000-8010",
    "80-80, 80, 80, 80",
    "080, 80, 80, 80",
    "1-65535, 1, 65535, 1-65535",
  })
  void parsesAndPrintsCanonically(String text, int first, int last, String canonical) {
    PortRange range = PortRange.parse(text);
    assertThat(range).isEqualTo(PortRange.of(first, last));
    assertThat(range.toString()).isEqualTo(canonical);
    assertThat(PortRange.parse(range.toString())).isEqualTo(range);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|empty port",
        "-|empty port",
        "80-|empty port",
        "-80|empty port",
        "+80|decimal number",
        "80-+90|decimal number",
        "8o|decimal number",
        "80-90-100|decimal number",
        "65536|out of range 0..65535",
        "100000000000|out of range 0..65535",
        "90-80|must not end before it starts",
        "0-10|port 0 means any port",
      })
  void refusesBadRangesNamingTheRule(String text, String rule) {
    assertThatThrownBy(() -> PortRange.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(rule)
        .hasMessageContaining("\"" + text + "\"");
  }

  @Test
  void refusesBadBoundsInTheConstructor() {
    assertThatThrownBy(() -> PortRange.of(-1)).hasMessage("port out of range 0..65535: -1");
    assertThatThrownBy(() -> PortRange.of(1, 65536))
        .hasMessage("port out of range 0..65535: 65536");
    assertThatThrownBy(() -> PortRange.of(9, 8))
        .hasMessage("port range must not end before it starts: 9-8");
  }

  @Test
  void answersSizeAndMembership() {
    PortRange range = PortRange.of(8000, 8010);
    assertThat(range.size()).isEqualTo(11);
    assertThat(range.isSingle()).isFalse();
    assertThat(range.contains(8000)).isTrue();
    assertThat(range.contains(8010)).isTrue();
    assertThat(range.contains(8011)).isFalse();
    assertThat(PortRange.of(80).isSingle()).isTrue();
    assertThat(PortRange.ANY.isAny()).isTrue();
    assertThat(PortRange.of(80).isAny()).isFalse();
  }
}
