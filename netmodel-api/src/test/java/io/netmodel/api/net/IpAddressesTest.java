package io.netmodel.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

  @ParameterizedTest(name = "\"{0}\" is printed \"{1}\"")
  @CsvSource({
    "0.0.0.0, 0.0.0.0",
    "172.17.0.1, 172.17.0.1",
    "255.255.255.255, 255.255.255.255",
    "::, ::",
    "::1, ::1",
    "1::, 1::",
    "2001:DB8:0:0::1, 2001:db8::1",
    "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
    // RFC 5952 4.2.3: the longest run of zeros is compressed; on a tie, the first.
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    // RFC 5952 4.2.2: a single zero group is not compressed.
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "FE80::ABCD, fe80::abcd",
    "fd00:0:0:0:0:0:0:0, fd00::",
    // IPv4-compatible (deprecated) addresses stay IPv6 and print in hex.
    "::1.2.3.4, ::102:304",
  })
  void printsTheCanonicalForm(String text, String canonical) {
    assertThat(IpAddresses.toString(IpAddresses.parse(text))).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "\"{0}\" round-trips through parse")
  @ValueSource(
      strings = {
        "0.0.0.0", "10.0.0.1", "255.255.255.255", "::", "::1", "2001:db8::1", "fe80::abcd",
        "2001:db8::1:0:0:1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::102:304"
      })
  void canonicalTextRoundTripsThroughParse(String canonical) {
    InetAddress address = IpAddresses.parse(canonical);

    assertThat(IpAddresses.toString(address)).isEqualTo(canonical);
    assertThat(IpAddresses.parse(IpAddresses.toString(address))).isEqualTo(address);
  }

  @ParameterizedTest(name = "\"{0}\" is IPv4")
  @ValueSource(strings = {"0.0.0.0", "10.0.0.1", "255.255.255.255", "::ffff:10.0.0.1"})
  void parsesIpv4LiteralsAndIpv4MappedAsIpv4(String text) {
    assertThat(IpAddresses.parse(text)).isInstanceOf(Inet4Address.class);
    assertThat(IpAddresses.parseIpv4(text)).isEqualTo(IpAddresses.parse(text));
    assertThat(IpAddresses.bitLength(IpAddresses.parse(text))).isEqualTo(32);
  }

  @Test
  void ipv4MappedLiteralIsTheIpv4Address() {
    assertThat(IpAddresses.parse("::ffff:10.0.0.1")).isEqualTo(IpAddresses.parse("10.0.0.1"));
    assertThat(IpAddresses.parse("::FFFF:a00:1")).isEqualTo(IpAddresses.parse("10.0.0.1"));
  }

  @ParameterizedTest(name = "\"{0}\" is IPv6")
  @ValueSource(strings = {"::", "::1", "2001:db8::1", "fe80::1", "::1.2.3.4", "64:ff9b::1.2.3.4"})
  void parsesIpv6Literals(String text) {
    assertThat(IpAddresses.parse(text)).isInstanceOf(Inet6Address.class);
    assertThat(IpAddresses.parseIpv6(text)).isEqualTo(IpAddresses.parse(text));
    assertThat(IpAddresses.bitLength(IpAddresses.parse(text))).isEqualTo(128);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(
      strings = {
        "",
        "localhost",
        "example.com",
        "1.2.3",
        "1.2.3.4.5",
        "256.0.0.1",
        "1.2.3.-4",
        "010.0.0.1", // leading zeros (octal or decimal?) are refused, as Go's net.ParseIP does
        "1.2.3.04",
        "0x7f.0.0.1",
        "2130706433",
        "1.2.3.4.",
        " 1.2.3.4",
        "1.2.3.4 ",
        "::1::",
        "1:2:3:4:5:6:7:8:9",
        "1::2:3:4:5:6:7:8",
        "12345::",
        "g::1",
        "[::1]",
        "1.2.3.4/32",
      })
  void refusesWhatIsNotAnIpLiteralQuotingIt(String text) {
    assertThatThrownBy(() -> IpAddresses.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an IPv4 or IPv6 address literal")
        .hasMessageContaining("\"" + text + "\"");
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {"fe80::1%eth0", "fe80::1%1", "fe80::1%", "1.2.3.4%eth0"})
  void refusesScopedLiteralsNamingTheScope(String text) {
    assertThatThrownBy(() -> IpAddresses.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scope")
        .hasMessageContaining("\"" + text + "\"");
  }

  @ParameterizedTest(name = "\"{0}\" is not IPv4")
  @ValueSource(strings = {"::1", "::", "2001:db8::1", "::1.2.3.4"})
  void parseIpv4RefusesIpv6(String text) {
    assertThatThrownBy(() -> IpAddresses.parseIpv4(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an IPv4 address literal")
        .hasMessageContaining("\"" + text + "\"");
  }

  @ParameterizedTest(name = "\"{0}\" is not IPv6")
  @ValueSource(strings = {"1.2.3.4", "0.0.0.0", "::ffff:1.2.3.4"})
  void parseIpv6RefusesIpv4AndIpv4Mapped(String text) {
    assertThatThrownBy(() -> IpAddresses.parseIpv6(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an IPv6 address literal")
        .hasMessageContaining("\"" + text + "\"");
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> IpAddresses.parse(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> IpAddresses.toString(null))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest(name = "{0} is the number {1}")
  @CsvSource({
    "0.0.0.0, 0",
    "0.0.0.1, 1",
    "172.17.0.2, 2886795266",
    "255.255.255.255, 4294967295",
    "::, 0",
    "::1, 1",
    "::1:0, 65536",
    "::ffff:ffff, 4294967295",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 340282366920938463463374607431768211455",
    "8000::, 170141183460469231731687303715884105728",
  })
  void convertsToAndFromAnUnsignedNumber(String text, BigInteger number) {
    InetAddress address = IpAddresses.parse(text);

    assertThat(IpAddresses.toBigInteger(address)).isEqualTo(number);
    assertThat(IpAddresses.fromBigInteger(number, address instanceof Inet6Address))
        .isEqualTo(address);
  }

  @Test
  void fromBigIntegerKeepsTheFamilyAskedFor() {
    assertThat(IpAddresses.fromBigInteger(BigInteger.ONE, true))
        .isInstanceOf(Inet6Address.class)
        .isEqualTo(IpAddresses.parse("::1"));
    assertThat(IpAddresses.fromBigInteger(BigInteger.ONE, false))
        .isInstanceOf(Inet4Address.class)
        .isEqualTo(IpAddresses.parse("0.0.0.1"));
    // The bytes of ::ffff:10.0.0.1 stay IPv6 rather than becoming 10.0.0.1.
    assertThat(IpAddresses.fromBigInteger(new BigInteger("ffff0a000001", 16), true))
        .isInstanceOf(Inet6Address.class);
  }

  @ParameterizedTest(name = "{0} is out of range (IPv6: {1})")
  @CsvSource({
    "-1, false",
    "-1, true",
    "4294967296, false",
    "340282366920938463463374607431768211456, true",
    "340282366920938463463374607431768211456, false",
  })
  void fromBigIntegerRefusesNumbersOutsideTheFamily(BigInteger number, boolean ipv6) {
    assertThatThrownBy(() -> IpAddresses.fromBigInteger(number, ipv6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range for an " + (ipv6 ? "IPv6" : "IPv4"))
        .hasMessageContaining(number.toString());
  }

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource({
    "172.17.0.1, 1, 172.17.0.2",
    "172.17.0.255, 1, 172.17.1.0",
    "10.255.255.255, 1, 11.0.0.0",
    "10.0.0.0, -1, 9.255.255.255",
    "0.0.0.0, 4294967295, 255.255.255.255",
    "255.255.255.255, -4294967295, 0.0.0.0",
    "1.2.3.4, 0, 1.2.3.4",
    "fd00::ffff, 1, fd00::1:0",
    "fd00::, -1, fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "::, 9223372036854775807, ::7fff:ffff:ffff:ffff",
    "::ffff:ffff:ffff:ffff, 1, 0:0:0:1::",
  })
  void addsWithinTheFamily(String address, long offset, String expected) {
    InetAddress sum = IpAddresses.add(IpAddresses.parse(address), offset);

    assertThat(IpAddresses.toString(sum)).isEqualTo(expected);
    assertThat(IpAddresses.bitLength(sum))
        .isEqualTo(IpAddresses.bitLength(IpAddresses.parse(address)));
  }

  @ParameterizedTest(name = "{0} + {1} leaves the family")
  @CsvSource({
    "255.255.255.255, 1",
    "0.0.0.0, -1",
    "0.0.0.1, -2",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 1",
    "::, -1",
  })
  void addRefusesToLeaveTheFamilyNamingAddressAndOffset(String address, long offset) {
    assertThatThrownBy(() -> IpAddresses.add(IpAddresses.parse(address), offset))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overflows")
        .hasMessageContaining(address + " + " + offset);
  }
}
