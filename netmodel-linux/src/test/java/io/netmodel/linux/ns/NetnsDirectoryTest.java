package io.netmodel.linux.ns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetnsDirectoryTest {

  @ParameterizedTest
  @ValueSource(strings = {"web", "nmt-1a2b", "a.b", "...", "ns_with_underscore", "Ünïcode"})
  void acceptsSingleFileNames(String name) {
    assertThat(NetnsDirectory.validate(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''      | must not be empty",
        ".       | must not be . or ..",
        "..      | must not be . or ..",
        "a/b     | must not contain /",
        "/abs    | must not contain /",
      })
  void refusesNamesThatAreNotSingleFileNames(String name, String rule) {
    assertThatThrownBy(() -> NetnsDirectory.validate(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(rule);
  }

  @ParameterizedTest
  @CsvSource({"255, true", "256, false", "128, false"})
  void limitsNamesTo255Bytes(int length, boolean ok) {
    // 128 two-byte characters are 256 bytes
    String name = length == 128 ? "é".repeat(128) : "n".repeat(length);
    if (ok) {
      assertThat(NetnsDirectory.validate(name)).isEqualTo(name);
    } else {
      assertThatThrownBy(() -> NetnsDirectory.validate(name))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("255 bytes");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"relative/dir", "netns"})
  void refusesARelativeDirectory(String dir) {
    assertThatThrownBy(() -> LinuxNamespaces.open(java.nio.file.Path.of(dir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute");
  }
}
