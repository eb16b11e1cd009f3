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

class IpPrefixTest {

  private static InetAddress ip(String text) {
    return IpAddresses.parse(text);
  }

  // ---- parsing and printing ----

  @ParameterizedTest(name = "\"{0}\" parses, printed \"{1}\"")
  @CsvSource({
    "10.0.0.0/8, 10.0.0.0/8",
    "172.17.0.2/16, 172.17.0.2/16",
    "0.0.0.0/0, 0.0.0.0/0",
    "255.255.255.255/32, 255.255.255.255/32",
    "10.0.0.0/08, 10.0.0.0/8",
    "10.0.0.0/008, 10.0.0.0/8",
    "fd00::/64, fd00::/64",
    "::/0, ::/0",
    "::1/128, ::1/128",
    "2001:DB8::/32, 2001:db8::/32",
    "2001:db8:0:0::1/128, 2001:db8::1/128",
    "2001:0db8:0000:0000:0000:0000:0000:0000/48, 2001:db8::/48",
    "::1.2.3.4/96, ::102:304/96",
  })
  void parsesCidrNotationAndPrintsTheCanonicalForm(String text, String canonical) {
    IpPrefix prefix = IpPrefix.parse(text);

    assertThat(prefix.toString()).isEqualTo(canonical);
    assertThat(IpPrefix.parse(prefix.toString())).isEqualTo(prefix);
  }

  @ParameterizedTest(name = "\"{0}\" is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                  | the length is missing",
        "10.0.0.0            | the length is missing",
        "fd00::              | the length is missing",
        "10.0.0.0/           | length must be a decimal number",
        "10.0.0.0/-1         | length must be a decimal number",
        "10.0.0.0/+8         | length must be a decimal number",
        "'10.0.0.0/ 8'       | length must be a decimal number",
        "'10.0.0.0/8 '       | length must be a decimal number",
        "10.0.0.0/0008       | length must be a decimal number",
        "10.0.0.0/8/8        | length must be a decimal number",
        "10.0.0.0/0x8        | length must be a decimal number",
        "10.0.0.0/33         | prefix length out of range 0..32 for IPv4",
        "10.0.0.0/999        | prefix length out of range 0..32 for IPv4",
        "fd00::/129          | prefix length out of range 0..128 for IPv6",
        "10.0.0/8            | address is not an IP literal",
        "host/8              | address is not an IP literal",
        "/8                  | address is not an IP literal",
        "' 10.0.0.0/8'       | address is not an IP literal",
        "010.0.0.0/8         | address is not an IP literal",
        "fe80::1%eth0/64     | address is not an IP literal",
        "::ffff:10.0.0.0/104 | IPv4-mapped IPv6 prefixes are not supported",
      })
  void refusesBadPrefixesNamingTheRuleAndQuotingTheText(String text, String rule) {
    assertThatThrownBy(() -> IpPrefix.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(rule)
        .hasMessageContaining("\"" + text + "\"");
  }

  @ParameterizedTest(name = "{0}/{1} is refused")
  @CsvSource({
    "10.0.0.0, -1, 'prefix length out of range 0..32 for IPv4: -1'",
    "10.0.0.0, 33, 'prefix length out of range 0..32 for IPv4: 33'",
    "::, -1, 'prefix length out of range 0..128 for IPv6: -1'",
    "::, 129, 'prefix length out of range 0..128 for IPv6: 129'",
  })
  void ofRefusesALengthOutsideTheFamily(String address, int length, String message) {
    assertThatThrownBy(() -> IpPrefix.of(ip(address), length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void ofRefusesAScopedAddress() throws Exception {
    InetAddress scoped = Inet6Address.getByAddress(null, ip("fe80::1").getAddress(), 1);

    assertThatThrownBy(() -> IpPrefix.of(scoped, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not carry a scope");
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> IpPrefix.parse(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> IpPrefix.of(null, 8)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest(name = "{0}: IPv4 {1}, {2} bits")
  @CsvSource({"10.0.0.0/8, true, 32", "0.0.0.0/0, true, 32", "fd00::/8, false, 128",
    "::/0, false, 128"})
  void knowsItsFamily(String text, boolean ipv4, int bits) {
    IpPrefix prefix = IpPrefix.parse(text);

    assertThat(prefix.isIpv4()).isEqualTo(ipv4);
    assertThat(prefix.bitLength()).isEqualTo(bits);
    assertThat(prefix.address()).isInstanceOf(ipv4 ? Inet4Address.class : Inet6Address.class);
  }

  // ---- equality ----

  @Test
  void isEqualByAddressAndLengthKeepingHostBits() {
    IpPrefix eth0 = IpPrefix.parse("172.17.0.2/16");

    assertThat(eth0).isNotEqualTo(IpPrefix.parse("172.17.0.0/16"));
    assertThat(eth0.network()).isEqualTo(IpPrefix.parse("172.17.0.0/16"));
    assertThat(IpPrefix.parse("10.0.0.0/8")).isNotEqualTo(IpPrefix.parse("10.0.0.0/9"));
    assertThat(IpPrefix.parse("10.0.0.0/8"))
        .isEqualTo(IpPrefix.of(ip("10.0.0.0"), 8))
        .hasSameHashCodeAs(IpPrefix.of(ip("10.0.0.0"), 8));
    assertThat(IpPrefix.parse("2001:DB8:0::/32"))
        .isEqualTo(IpPrefix.parse("2001:db8::/32"))
        .hasSameHashCodeAs(IpPrefix.parse("2001:db8::/32"));
  }

  // ---- network, first and last address, broadcast, netmask ----

  @ParameterizedTest(name = "{0} is in network {1}")
  @CsvSource({
    "172.17.0.2/16, 172.17.0.0/16",
    "172.17.0.0/16, 172.17.0.0/16",
    "10.1.2.3/0, 0.0.0.0/0",
    "10.1.2.3/32, 10.1.2.3/32",
    "192.168.1.130/25, 192.168.1.128/25",
    "192.168.1.130/27, 192.168.1.128/27",
    "192.168.1.190/27, 192.168.1.160/27",
    "10.255.255.255/9, 10.128.0.0/9",
    "172.31.255.254/12, 172.16.0.0/12",
    "2001:db8:1:2::5/64, 2001:db8:1:2::/64",
    "2001:db8:abcd:ef01::1/60, 2001:db8:abcd:ef00::/60",
    "fd00::1/127, fd00::/127",
    "fd00::3/127, fd00::2/127",
    "::1/0, ::/0",
    "2001:db8::ffff/128, 2001:db8::ffff/128",
    "fd00::/64, fd00::/64",
  })
  void networkClearsTheHostBits(String text, String network) {
    IpPrefix prefix = IpPrefix.parse(text);

    assertThat(prefix.network()).isEqualTo(IpPrefix.parse(network));
    assertThat(prefix.network().isNetwork()).isTrue();
    assertThat(prefix.isNetwork()).isEqualTo(text.equals(network));
    assertThat(prefix.networkAddress()).isEqualTo(ip(network.substring(0, network.indexOf('/'))));
  }

  @ParameterizedTest(name = "{0} runs from {1} to {2}")
  @CsvSource({
    "172.17.0.2/16, 172.17.0.0, 172.17.255.255",
    "192.168.1.130/25, 192.168.1.128, 192.168.1.255",
    "192.168.1.130/26, 192.168.1.128, 192.168.1.191",
    "10.20.30.40/12, 10.16.0.0, 10.31.255.255",
    "10.0.0.1/31, 10.0.0.0, 10.0.0.1",
    "10.0.0.1/32, 10.0.0.1, 10.0.0.1",
    "0.0.0.0/0, 0.0.0.0, 255.255.255.255",
  })
  void ipv4FirstAndBroadcastAddresses(String text, String first, String broadcast) {
    IpPrefix prefix = IpPrefix.parse(text);

    assertThat(prefix.networkAddress()).isEqualTo(ip(first));
    assertThat(prefix.lastAddress()).isEqualTo(ip(broadcast));
    assertThat(prefix.broadcastAddress()).isEqualTo(ip(broadcast));
  }

  @ParameterizedTest(name = "{0} runs from {1} to {2}")
  @CsvSource({
    "fd00::/64, fd00::, fd00::ffff:ffff:ffff:ffff",
    "2001:db8::/32, 2001:db8::, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:db8::5/126, 2001:db8::4, 2001:db8::7",
    "2001:db8:abcd:ef01::1/60, 2001:db8:abcd:ef00::, 2001:db8:abcd:ef0f:ffff:ffff:ffff:ffff",
    "::/0, ::, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "fd00::1/128, fd00::1, fd00::1",
  })
  void ipv6FirstAndLastAddresses(String text, String first, String last) {
    IpPrefix prefix = IpPrefix.parse(text);

    assertThat(IpAddresses.toString(prefix.networkAddress())).isEqualTo(first);
    assertThat(IpAddresses.toString(prefix.lastAddress())).isEqualTo(last);
    assertThat(prefix.networkAddress()).isInstanceOf(Inet6Address.class);
    assertThat(prefix.lastAddress()).isInstanceOf(Inet6Address.class);
  }

  @Test
  void ipv6HasNoBroadcastAddress() {
    assertThatThrownBy(() -> IpPrefix.parse("fd00::/64").broadcastAddress())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("IPv6 has no broadcast address")
        .hasMessageContaining("fd00::/64");
  }

  @ParameterizedTest(name = "/{1} of {0} has netmask {2}")
  @CsvSource({
    "10.1.2.3, 0, 0.0.0.0",
    "10.1.2.3, 1, 128.0.0.0",
    "10.1.2.3, 8, 255.0.0.0",
    "10.1.2.3, 12, 255.240.0.0",
    "10.1.2.3, 16, 255.255.0.0",
    "10.1.2.3, 20, 255.255.240.0",
    "10.1.2.3, 25, 255.255.255.128",
    "10.1.2.3, 30, 255.255.255.252",
    "10.1.2.3, 31, 255.255.255.254",
    "10.1.2.3, 32, 255.255.255.255",
    "2001:db8::1, 0, ::",
    "2001:db8::1, 1, 8000::",
    "2001:db8::1, 32, ffff:ffff::",
    "2001:db8::1, 48, ffff:ffff:ffff::",
    "2001:db8::1, 64, ffff:ffff:ffff:ffff::",
    "2001:db8::1, 65, ffff:ffff:ffff:ffff:8000::",
    "2001:db8::1, 127, ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
    "2001:db8::1, 128, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
  })
  void netmaskHasTheFirstLengthBitsSet(String address, int length, String netmask) {
    InetAddress mask = IpPrefix.of(ip(address), length).netmask();

    assertThat(IpAddresses.toString(mask)).isEqualTo(netmask);
    assertThat(IpAddresses.bitLength(mask)).isEqualTo(IpAddresses.bitLength(ip(address)));
  }

  // ---- size and host(n) ----

  @ParameterizedTest(name = "{0} holds {1} addresses")
  @CsvSource({
    "0.0.0.0/0, 4294967296",
    "10.0.0.0/8, 16777216",
    "172.17.0.2/16, 65536",
    "192.168.1.0/24, 256",
    "10.0.0.0/31, 2",
    "10.0.0.1/32, 1",
    "::/0, 340282366920938463463374607431768211456",
    "fd00::/64, 18446744073709551616",
    "fd00::/120, 256",
    "fd00::1/128, 1",
  })
  void sizeIsTwoToTheHostBits(String text, BigInteger size) {
    assertThat(IpPrefix.parse(text).size()).isEqualTo(size);
  }

  @ParameterizedTest(name = "host {1} of {0} is {2}")
  @CsvSource({
    "172.17.0.0/16, 0, 172.17.0.0",
    "172.17.0.0/16, 1, 172.17.0.1",
    "172.17.0.0/16, 256, 172.17.1.0",
    "172.17.0.0/16, 65535, 172.17.255.255",
    "172.17.0.2/16, 1, 172.17.0.1",
    "192.168.1.130/25, 2, 192.168.1.130",
    "10.0.0.0/31, 1, 10.0.0.1",
    "10.0.0.7/32, 0, 10.0.0.7",
    "0.0.0.0/0, 4294967295, 255.255.255.255",
    "fd00::/64, 1, fd00::1",
    "fd00::/64, 65536, fd00::1:0",
    "fd00::/64, 9223372036854775807, fd00::7fff:ffff:ffff:ffff",
    "::/0, 9223372036854775807, ::7fff:ffff:ffff:ffff",
    "2001:db8::5/126, 3, 2001:db8::7",
  })
  void hostCountsFromTheNetworkAddress(String text, long n, String expected) {
    IpPrefix prefix = IpPrefix.parse(text);

    InetAddress host = prefix.host(n);

    assertThat(IpAddresses.toString(host)).isEqualTo(expected);
    assertThat(IpAddresses.bitLength(host)).isEqualTo(prefix.bitLength());
    assertThat(prefix.contains(host)).isTrue();
  }

  @Test
  void hostOfAnIpv6PrefixStaysIpv6EvenWhereTheBitsLookIpv4Mapped() {
    InetAddress host = IpPrefix.parse("::/64").host(0xffff0a000001L);

    assertThat(host).isInstanceOf(Inet6Address.class);
    assertThat(host).isNotEqualTo(ip("10.0.0.1"));
  }

  @ParameterizedTest(name = "host {1} of {0} is refused")
  @CsvSource({
    "172.17.0.0/16, 65536, 'host index out of range 0..65535 for 172.17.0.0/16: 65536'",
    "172.17.0.5/16, -1, 'host index out of range 0..65535 for 172.17.0.0/16: -1'",
    "10.0.0.1/32, 1, 'host index out of range 0..0 for 10.0.0.1/32: 1'",
    "fd00::/126, 4, 'host index out of range 0..3 for fd00::/126: 4'",
    "0.0.0.0/0, 4294967296, 'host index out of range 0..4294967295 for 0.0.0.0/0: 4294967296'",
    "::/0, -9223372036854775808, 'for ::/0: -9223372036854775808'",
  })
  void hostRefusesAnIndexOutsideThePrefix(String text, long n, String message) {
    assertThatThrownBy(() -> IpPrefix.parse(text).host(n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  // ---- containment and overlap ----

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "172.17.0.0/16, 172.17.0.0, true",
    "172.17.0.0/16, 172.17.255.255, true",
    "172.17.0.0/16, 172.18.0.0, false",
    "172.17.0.0/16, 172.16.255.255, false",
    "172.17.0.2/16, 172.17.9.9, true",
    "192.168.1.128/25, 192.168.1.127, false",
    "192.168.1.128/25, 192.168.1.128, true",
    "10.0.0.1/32, 10.0.0.1, true",
    "10.0.0.1/32, 10.0.0.2, false",
    "0.0.0.0/0, 255.255.255.255, true",
    "0.0.0.0/0, ::, false",
    "::/0, 0.0.0.0, false",
    "::/0, 2001:db8::1, true",
    "fd00::/64, fd00::ffff:ffff:ffff:ffff, true",
    "fd00::/64, fd00:0:0:1::, false",
    "2001:db8::/29, 2001:dbf:ffff::, true",
    "2001:db8::/29, 2001:dc0::, false",
    "2001:db8::/29, 2001:db7:ffff::, false",
    "::/96, ::1.2.3.4, true",
    // An IPv4-mapped literal parses to IPv4, so no IPv6 prefix contains it.
    "::/0, ::ffff:1.2.3.4, false",
  })
  void containsAnAddressOfTheSameFamilyWithTheSamePrefixBits(
      String text, String address, boolean expected) {
    assertThat(IpPrefix.parse(text).contains(ip(address))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.1.0.0/16, true",
    "10.0.0.0/8, 10.0.0.0/8, true",
    "10.0.0.0/8, 10.2.3.4/8, true",
    "10.0.0.0/8, 10.255.255.255/32, true",
    "10.1.0.0/16, 10.0.0.0/8, false",
    "10.0.0.0/8, 11.0.0.0/16, false",
    "10.0.0.0/8, 0.0.0.0/0, false",
    "0.0.0.0/0, 192.168.0.0/16, true",
    "172.17.0.2/16, 172.17.5.0/24, true",
    "192.168.1.0/25, 192.168.1.128/26, false",
    "0.0.0.0/0, ::/0, false",
    "::/0, 0.0.0.0/0, false",
    "::/0, fd00::/8, true",
    "fd00::/8, fd12:3456::/32, true",
    "fd00::/64, fd00::/63, false",
  })
  void containsAPrefixWhenEveryAddressOfItIsInside(String outer, String inner, boolean expected) {
    assertThat(IpPrefix.parse(outer).contains(IpPrefix.parse(inner))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} overlaps {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.1.0.0/16, true",
    "10.0.0.0/16, 10.1.0.0/16, false",
    "172.16.0.0/12, 172.31.255.0/24, true",
    "172.16.0.0/12, 172.32.0.0/16, false",
    "192.168.1.0/25, 192.168.1.128/25, false",
    "192.168.1.0/24, 192.168.1.128/25, true",
    "0.0.0.0/0, 203.0.113.7/32, true",
    "10.0.0.1/32, 10.0.0.1/32, true",
    "10.0.0.1/32, 10.0.0.2/32, false",
    "172.17.0.2/16, 172.17.200.0/24, true",
    "0.0.0.0/0, ::/0, false",
    "fd00::/8, fd12:3456::/32, true",
    "fd00::/64, fd00:0:0:1::/64, false",
    "2001:db8::/32, 2001:db9::/32, false",
    "::/0, fd00::/8, true",
  })
  void overlapsIsSymmetric(String a, String b, boolean expected) {
    assertThat(IpPrefix.parse(a).overlaps(IpPrefix.parse(b))).isEqualTo(expected);
    assertThat(IpPrefix.parse(b).overlaps(IpPrefix.parse(a))).isEqualTo(expected);
  }

  // ---- withAddress ----

  @ParameterizedTest(name = "{0} with {1} is {2}")
  @CsvSource({
    "172.17.0.0/16, 172.17.0.2, 172.17.0.2/16",
    "172.17.0.2/16, 172.17.0.0, 172.17.0.0/16",
    "fd00::/64, fd00::5, fd00::5/64",
  })
  void withAddressKeepsTheLength(String text, String address, String expected) {
    assertThat(IpPrefix.parse(text).withAddress(ip(address))).isEqualTo(IpPrefix.parse(expected));
  }

  @ParameterizedTest(name = "{0} with {1} is refused")
  @CsvSource({"172.17.0.0/16, ::1", "fd00::/64, 10.0.0.1"})
  void withAddressRefusesTheOtherFamilyNamingBoth(String text, String address) {
    assertThatThrownBy(() -> IpPrefix.parse(text).withAddress(ip(address)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("address " + address + " is not of the family of " + text);
  }

  @org.junit.jupiter.api.Test
  void refusesAnIpv4MappedIpv6AddressWhoseTextWouldParseAsIpv4() throws Exception {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 10;
    java.net.Inet6Address address = java.net.Inet6Address.getByAddress(null, mapped, -1);

    assertThatThrownBy(() -> IpPrefix.of(address, 104))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IPv4-mapped");
  }
}
