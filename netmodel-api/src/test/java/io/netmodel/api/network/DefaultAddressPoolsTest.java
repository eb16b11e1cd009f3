package io.netmodel.api.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.net.IpPrefix;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultAddressPoolsTest {

  private static List<IpPrefix> prefixes(String csv) {
    return csv.isEmpty()
        ? List.of()
        : Stream.of(csv.split(" ")).map(IpPrefix::parse).collect(Collectors.toList());
  }

  @Test
  void localPoolsAreDockersInOrder() {
    List<IpPrefix> all = DefaultAddressPools.local().candidates().collect(Collectors.toList());
    assertThat(all).hasSize(31);
    assertThat(all.subList(0, 3))
        .containsExactly(
            IpPrefix.parse("172.17.0.0/16"),
            IpPrefix.parse("172.18.0.0/16"),
            IpPrefix.parse("172.19.0.0/16"));
    assertThat(all.get(14)).isEqualTo(IpPrefix.parse("172.31.0.0/16"));
    assertThat(all.get(15)).isEqualTo(IpPrefix.parse("192.168.0.0/20"));
    assertThat(all.get(16)).isEqualTo(IpPrefix.parse("192.168.16.0/20"));
    assertThat(all.get(30)).isEqualTo(IpPrefix.parse("192.168.240.0/20"));
  }

  @Test
  void globalPoolIsTenSlashEightInSlash24s() {
    DefaultAddressPools global = DefaultAddressPools.global();
    assertThat(global.pools()).hasSize(1);
    assertThat(global.pools().get(0).count()).isEqualTo(BigInteger.valueOf(65536));
    assertThat(global.candidates().limit(3).collect(Collectors.toList()))
        .containsExactly(
            IpPrefix.parse("10.0.0.0/24"), IpPrefix.parse("10.0.1.0/24"), IpPrefix.parse("10.0.2.0/24"));
    assertThat(global.pools().get(0).subnet(BigInteger.valueOf(65535)))
        .isEqualTo(IpPrefix.parse("10.255.255.0/24"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "|172.17.0.0/16",
        "172.17.0.0/16|172.18.0.0/16",
        "172.17.0.1/16 172.18.5.0/24|172.19.0.0/16",
        "172.16.0.0/12|192.168.0.0/20",
        "172.16.0.0/12 192.168.1.10/24|192.168.16.0/20",
        "10.0.0.0/8 fd00::/8|172.17.0.0/16",
        "0.0.0.0/0|-",
        "172.16.0.0/12 192.168.0.0/16|-",
      })
  void firstFreeSkipsWhatOverlapsTakenSubnets(String taken, String expected) {
    assertThat(DefaultAddressPools.local().firstFree(prefixes(taken == null ? "" : taken)))
        .isEqualTo(
            expected.equals("-")
                ? java.util.Optional.empty()
                : java.util.Optional.of(IpPrefix.parse(expected)));
  }

  @Test
  void firstFreeWalksTheWholeGlobalPool() {
    assertThat(
            DefaultAddressPools.global()
                .firstFree(prefixes("10.0.0.0/9 10.128.0.0/10 10.192.0.0/11 10.224.0.0/12")))
        .contains(IpPrefix.parse("10.240.0.0/24"));
    assertThat(DefaultAddressPools.global().firstFree(prefixes("10.0.0.0/8"))).isEmpty();
  }

  @Test
  void customPoolsWorkForIpv6() {
    DefaultAddressPools pools =
        DefaultAddressPools.of(List.of(new DefaultAddressPools.Pool(IpPrefix.parse("fd00::/48"), 64)));
    assertThat(pools.firstFree(prefixes("fd00::/64"))).contains(IpPrefix.parse("fd00:0:0:1::/64"));
    assertThat(pools.pools().get(0).count()).isEqualTo(BigInteger.valueOf(65536));
  }

  @Test
  void refusesBadPools() {
    assertThatThrownBy(() -> new DefaultAddressPools.Pool(IpPrefix.parse("10.0.0.0/8"), 7))
        .hasMessage("pool subnet size out of range 8..32 for base 10.0.0.0/8: 7");
    assertThatThrownBy(() -> new DefaultAddressPools.Pool(IpPrefix.parse("10.0.0.0/8"), 33))
        .hasMessage("pool subnet size out of range 8..32 for base 10.0.0.0/8: 33");
    assertThatThrownBy(() -> new DefaultAddressPools.Pool(IpPrefix.parse("10.0.0.1/8"), 24))
        .hasMessage("pool base must have no host bits (did you mean 10.0.0.0/8?): 10.0.0.1/8");
    assertThatThrownBy(
            () -> new DefaultAddressPools.Pool(IpPrefix.parse("10.0.0.0/8"), 9).subnet(BigInteger.TWO))
        .hasMessage("subnet index out of range 0..1: 2");
  }
}
