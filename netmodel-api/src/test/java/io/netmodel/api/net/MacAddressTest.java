package io.netmodel.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {
  private static final long LOCAL_BIT = 0x02L << 40;
  private static final long GROUP_BIT = 0x01L << 40;
  private static final long ALL_48 = (1L << 48) - 1;

  @ParameterizedTest(name = "\"{0}\" parses to 0x{1}, printed \"{2}\"")
  @CsvSource({
    "02:42:ac:11:00:02, 0242ac110002, 02:42:ac:11:00:02",
    "02:42:AC:11:00:02, 0242ac110002, 02:42:ac:11:00:02",
    "00:00:00:00:00:00, 000000000000, 00:00:00:00:00:00",
    "ff:ff:ff:ff:ff:ff, ffffffffffff, ff:ff:ff:ff:ff:ff",
    "FF:Ff:fF:00:0a:0B, ffffff000a0b, ff:ff:ff:00:0a:0b",
    "00:1b:21:3c:4d:5e, 001b213c4d5e, 00:1b:21:3c:4d:5e",
  })
  void parsesColonFormInEitherCaseAndPrintsLowerCase(String text, String hex, String canonical) {
    MacAddress mac = MacAddress.parse(text);

    assertThat(mac.value()).isEqualTo(Long.parseLong(hex, 16));
    assertThat(mac.toString()).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(
      strings = {
        "",
        "02:42:ac:11:00",
        "02:42:ac:11:00:02:03",
        "02:42:ac:11:00:02:",
        ":02:42:ac:11:00:02",
        "02-42-ac-11-00-02",
        "0242.ac11.0002",
        "0242ac110002",
        "2:42:ac:11:0:2",
        "002:42:ac:11:00:02",
        "02:42:ac:11:00:0g",
        "02:42:ac:11:00:0x",
        " 02:42:ac:11:00:02",
        "02:42:ac:11:00:02 ",
        "02::ac:11:00:02",
        "+2:42:ac:11:00:02",
        "٠٢:42:ac:11:00:02", // Arabic-Indic digits are not hex digits
      })
  void refusesOtherFormsNamingTheFormAndQuotingTheText(String text) {
    assertThatThrownBy(() -> MacAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("six two-digit hex groups separated by ':'")
        .hasMessageContaining("\"" + text + "\"");
  }

  @Test
  void parsesExactlyWhatTheColonFormPatternDescribes() {
    Pattern colonForm = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");
    String alphabet = "0123456789abcdefABCDEFgxG:-. \u0660";
    SplittableRandom random = new SplittableRandom(1129);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder("02:42:ac:11:00:02");
      if (random.nextInt(4) > 0) {
        b.setCharAt(random.nextInt(17), alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (random.nextInt(10) == 0) {
        b.setLength(random.nextInt(17));
      }
      String text = b.toString();

      if (colonForm.matcher(text).matches()) {
        assertThat(MacAddress.parse(text).value())
            .as(text)
            .isEqualTo(Long.parseLong(text.replace(":", ""), 16));
      } else {
        assertThatThrownBy(() -> MacAddress.parse(text))
            .as(text)
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void refusesNullText() {
    assertThatThrownBy(() -> MacAddress.parse(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest(name = "value {0} is refused")
  @ValueSource(longs = {-1L, 1L << 48, Long.MAX_VALUE, Long.MIN_VALUE})
  void refusesValuesOutside48Bits(long value) {
    assertThatThrownBy(() -> new MacAddress(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("48-bit range")
        .hasMessageContaining("0x" + Long.toHexString(value));
  }

  @ParameterizedTest(name = "value {0} is accepted")
  @ValueSource(longs = {0L, 1L, ALL_48})
  void acceptsTheWhole48BitRange(long value) {
    assertThat(new MacAddress(value).value()).isEqualTo(value);
  }

  @ParameterizedTest(name = "\"{0}\" round-trips through parse")
  @ValueSource(
      strings = {
        "02:42:ac:11:00:02", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "80:00:00:00:00:01"
      })
  void toStringRoundTripsThroughParse(String text) {
    MacAddress mac = MacAddress.parse(text);

    assertThat(MacAddress.parse(mac.toString())).isEqualTo(mac);
  }

  static Stream<Arguments> byteForms() {
    return Stream.of(
        arguments("02:42:ac:11:00:02", new byte[] {0x02, 0x42, (byte) 0xac, 0x11, 0x00, 0x02}),
        arguments("00:00:00:00:00:00", new byte[6]),
        arguments(
            "ff:ff:ff:ff:ff:ff",
            new byte[] {
              (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff
            }),
        arguments(
            "80:7f:01:fe:00:ff",
            new byte[] {(byte) 0x80, 0x7f, 0x01, (byte) 0xfe, 0x00, (byte) 0xff}));
  }

  @ParameterizedTest(name = "{0} has its bytes in order, first byte first")
  @MethodSource("byteForms")
  void bytesAreTheSixOctetsInOrderAndOfReadsThemBack(String text, byte[] bytes) {
    MacAddress mac = MacAddress.parse(text);

    assertThat(mac.bytes()).containsExactly(bytes);
    assertThat(MacAddress.of(bytes)).isEqualTo(mac);
    assertThat(MacAddress.of(mac.bytes())).isEqualTo(mac);
  }

  @Test
  void printsEveryByteAsTwoLowerCaseHexDigitsForAnyValue() {
    SplittableRandom random = new SplittableRandom(20261129);
    for (int i = 0; i < 2000; i++) {
      MacAddress mac = new MacAddress(random.nextLong(1L << 48));
      StringBuilder expected = new StringBuilder();
      for (byte b : mac.bytes()) {
        expected.append(expected.length() == 0 ? "" : ":")
            .append(Character.forDigit((b >> 4) & 0xf, 16))
            .append(Character.forDigit(b & 0xf, 16));
      }

      assertThat(mac.toString()).isEqualTo(expected.toString());
    }
  }

  @Test
  void bytesIsAFreshCopy() {
    MacAddress mac = MacAddress.parse("02:42:ac:11:00:02");

    mac.bytes()[0] = 0x7f;

    assertThat(mac.toString()).isEqualTo("02:42:ac:11:00:02");
  }

  @ParameterizedTest(name = "{0} bytes are refused")
  @ValueSource(ints = {0, 1, 5, 7, 16})
  void ofRefusesAnyLengthButSixNamingTheLength(int length) {
    assertThatThrownBy(() -> MacAddress.of(new byte[length]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be 6 bytes")
        .hasMessageContaining("got " + length);
  }

  @ParameterizedTest(name = "{0}: locally administered {1}, multicast {2}, zero {3}")
  @CsvSource({
    "02:42:ac:11:00:02, true, false, false",
    "00:1b:21:3c:4d:5e, false, false, false",
    "01:00:5e:00:00:01, false, true, false",
    "33:33:00:00:00:01, true, true, false",
    "03:00:00:00:00:00, true, true, false",
    "fe:ff:ff:ff:ff:ff, true, false, false",
    "fd:00:00:00:00:00, false, true, false",
    "ff:ff:ff:ff:ff:ff, true, true, false",
    "00:00:00:00:00:00, false, false, true",
    "00:00:00:00:00:01, false, false, false",
  })
  void readsTheUniversalLocalAndGroupBitsOfTheFirstByte(
      String text, boolean local, boolean multicast, boolean zero) {
    MacAddress mac = MacAddress.parse(text);

    assertThat(mac.isLocallyAdministered()).isEqualTo(local);
    assertThat(mac.isMulticast()).isEqualTo(multicast);
    assertThat(mac.isZero()).isEqualTo(zero);
  }

  @Test
  void randomLocalIsAlwaysLocallyAdministeredUnicastAndVariesEveryOtherBit() {
    RandomGenerator random = new SplittableRandom(20240229L);
    long everSet = 0;
    long alwaysSet = ALL_48;
    Set<MacAddress> seen = new HashSet<>();

    for (int i = 0; i < 10_000; i++) {
      MacAddress mac = MacAddress.randomLocal(random);

      assertThat(mac.isLocallyAdministered()).as("draw %d: %s", i, mac).isTrue();
      assertThat(mac.isMulticast()).as("draw %d: %s", i, mac).isFalse();
      everSet |= mac.value();
      alwaysSet &= mac.value();
      seen.add(mac);
    }

    // Only the two fixed bits are constant; the other 46 take both values.
    assertThat(Long.toHexString(everSet)).isEqualTo(Long.toHexString(ALL_48 & ~GROUP_BIT));
    assertThat(Long.toHexString(alwaysSet)).isEqualTo(Long.toHexString(LOCAL_BIT));
    assertThat(seen).hasSizeGreaterThan(9_990);
  }

  @Test
  void randomLocalIsDeterministicForASeededGenerator() {
    RandomGenerator first = new SplittableRandom(7L);
    RandomGenerator second = new SplittableRandom(7L);

    for (int i = 0; i < 100; i++) {
      assertThat(MacAddress.randomLocal(first)).isEqualTo(MacAddress.randomLocal(second));
    }
  }

  @ParameterizedTest(name = "random bits 0x{0} give {1}")
  @CsvSource({
    "0000000000000000, 02:00:00:00:00:00",
    "ffffffffffffffff, fe:ff:ff:ff:ff:ff",
    "ffff010000000000, 02:00:00:00:00:00",
    "0000ab0123456789, aa:01:23:45:67:89",
    "00000300000000ff, 02:00:00:00:00:ff",
  })
  void randomLocalKeepsTheLow48BitsAndForcesLocalUnicast(String bitsHex, String expected) {
    long bits = Long.parseUnsignedLong(bitsHex, 16);
    RandomGenerator fixed = () -> bits;

    assertThat(MacAddress.randomLocal(fixed)).hasToString(expected);
  }

  @Test
  void randomLocalWithoutAGeneratorIsLocallyAdministeredUnicast() {
    for (int i = 0; i < 1_000; i++) {
      MacAddress mac = MacAddress.randomLocal();

      assertThat(mac.isLocallyAdministered()).as("%s", mac).isTrue();
      assertThat(mac.isMulticast()).as("%s", mac).isFalse();
    }
  }

  @Test
  void isEqualByValue() {
    assertThat(MacAddress.parse("02:42:AC:11:00:02"))
        .isEqualTo(MacAddress.parse("02:42:ac:11:00:02"))
        .isEqualTo(new MacAddress(0x0242ac110002L))
        .hasSameHashCodeAs(new MacAddress(0x0242ac110002L))
        .isNotEqualTo(MacAddress.parse("02:42:ac:11:00:03"));
  }
}
