package io.netmodel.core.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.netmodel.api.AddressPoolExhaustedException;
import io.netmodel.api.ConflictException;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.core.state.StateStore;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpamTest {
  private static final IpamConfig WEB = IpamConfig.of(IpPrefix.parse("172.18.0.0/16"));
  private static final IpamConfig WEB6 = IpamConfig.of(IpPrefix.parse("fd00:1::/64"));

  @TempDir Path dir;
  private Ipam ipam;

  @BeforeEach
  void openStore() {
    ipam = new Ipam(StateStore.open(dir));
  }

  private static InetAddress ip(String text) {
    return IpAddresses.parse(text);
  }

  private InetAddress next(IpamConfig config, String owner) {
    return ipam.allocate("web", config, Optional.empty(), owner);
  }

  private List<String> allocateTexts(IpamConfig config, int count) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      texts.add(IpAddresses.toString(next(config, "c" + i)));
    }
    return texts;
  }

  @Test
  void allocatesFirstFreeAddressesInOrderSkippingTheGateway() {
    assertThat(allocateTexts(WEB, 3)).containsExactly("172.18.0.2", "172.18.0.3", "172.18.0.4");
  }

  @Test
  void givenGatewayLeavesTheFirstHostFree() {
    IpamConfig config = WEB.withGateway(ip("172.18.0.2"));

    assertThat(allocateTexts(config, 3)).containsExactly("172.18.0.1", "172.18.0.3", "172.18.0.4");
  }

  @Test
  void skipsAuxAddresses() {
    IpamConfig config =
        WEB.withAuxAddress("printer", ip("172.18.0.2"))
            .withAuxAddress("router", ip("172.18.0.3"))
            .withAuxAddress("nas", ip("172.18.0.5"));

    assertThat(allocateTexts(config, 3)).containsExactly("172.18.0.4", "172.18.0.6", "172.18.0.7");
  }

  @Test
  void startsAtTheIpRange() {
    IpamConfig config = WEB.withIpRange(IpPrefix.parse("172.18.5.0/24"));

    assertThat(allocateTexts(config, 2)).containsExactly("172.18.5.0", "172.18.5.1");
  }

  @Test
  void ipRangeAtTheSubnetStartStillSkipsNetworkAddressAndGateway() {
    IpamConfig config = WEB.withIpRange(IpPrefix.parse("172.18.0.0/24"));

    assertThat(allocateTexts(config, 2)).containsExactly("172.18.0.2", "172.18.0.3");
  }

  @Test
  void fillsTheGapBeforeARequestedAddress() {
    ipam.allocate("web", WEB, Optional.of(ip("172.18.0.4")), "static");

    assertThat(allocateTexts(WEB, 3)).containsExactly("172.18.0.2", "172.18.0.3", "172.18.0.5");
  }

  @Test
  void reusesAReleasedAddressAtOnce() {
    allocateTexts(WEB, 3);

    assertThat(ipam.release("web", ip("172.18.0.3"))).isTrue();
    assertThat(next(WEB, "d1")).isEqualTo(ip("172.18.0.3"));
    assertThat(ipam.release("web", ip("172.18.0.2"))).isTrue();
    assertThat(next(WEB, "d2")).isEqualTo(ip("172.18.0.2"));
    assertThat(next(WEB, "d3")).isEqualTo(ip("172.18.0.5"));
  }

  @Test
  void theLowestFreeAddressIsFoundAfterReleasesInEitherFamilyAndAcrossRanges() {
    allocateTexts(WEB, 10);                                    // .2 .. .11
    allocateTexts(WEB6, 3);                                    // ::2 .. ::4
    IpamConfig upper = WEB.withIpRange(IpPrefix.parse("172.18.0.8/29"));

    assertThat(ipam.release("web", ip("fd00:1::3"))).isTrue();
    assertThat(next(WEB, "v4")).isEqualTo(ip("172.18.0.12"));
    assertThat(next(WEB6, "v6")).isEqualTo(ip("fd00:1::3"));
    assertThat(next(upper, "range")).as("its own walk, from its range").isEqualTo(ip("172.18.0.13"));
    assertThat(ipam.releaseOwner("web", "c5")).isEqualTo(1);  // .7
    assertThat(ipam.release("web", ip("172.18.0.9"))).isTrue();
    assertThat(next(upper, "range2")).isEqualTo(ip("172.18.0.9"));
    assertThat(next(WEB, "low")).isEqualTo(ip("172.18.0.7"));
    assertThat(next(WEB, "high")).isEqualTo(ip("172.18.0.14"));
  }

  @Test
  void releaseOfAFreeAddressReturnsFalse() {
    next(WEB, "c1");

    assertThat(ipam.release("web", ip("172.18.0.9"))).isFalse();
    assertThat(ipam.release("other", ip("172.18.0.2"))).isFalse();
    assertThat(ipam.release("web", ip("172.18.0.2"))).isTrue();
    assertThat(ipam.release("web", ip("172.18.0.2"))).isFalse();
  }

  @Test
  void slash30HoldsOneEndpointThenIsExhausted() {
    IpamConfig config = IpamConfig.of(IpPrefix.parse("172.18.0.0/30"));

    assertThat(next(config, "c1")).isEqualTo(ip("172.18.0.2"));
    assertThatThrownBy(() -> next(config, "c2"))
        .isInstanceOfSatisfying(
            AddressPoolExhaustedException.class,
            e -> assertThat(e.pool()).isEqualTo("network web (172.18.0.0/30)"))
        .hasMessageContaining("network web (172.18.0.0/30)");
    assertThat(ipam.allocations("web")).containsOnlyKeys(ip("172.18.0.2"));
  }

  @Test
  void smallIpRangeIsExhaustedAfterItsFourAddresses() {
    IpamConfig config = WEB.withIpRange(IpPrefix.parse("172.18.0.8/30"));

    assertThat(allocateTexts(config, 4))
        .containsExactly("172.18.0.8", "172.18.0.9", "172.18.0.10", "172.18.0.11");
    assertThatThrownBy(() -> next(config, "late"))
        .isInstanceOfSatisfying(
            AddressPoolExhaustedException.class,
            e -> assertThat(e.pool()).isEqualTo("network web (172.18.0.8/30)"));
    assertThat(ipam.release("web", ip("172.18.0.10"))).isTrue();
    assertThat(next(config, "late")).isEqualTo(ip("172.18.0.10"));
  }

  @Test
  void ipv6Slash64AllocatesNearTheStartWithoutWalkingTheRange() {
    List<String> first =
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> allocateTexts(WEB6, 40));

    assertThat(first).hasSize(40).startsWith("fd00:1::2", "fd00:1::3").endsWith("fd00:1::29");
    assertThat(ipam.allocate("web", WEB6, Optional.of(ip("fd00:1::ffff:ffff:ffff:ffff")), "end"))
        .isEqualTo(ip("fd00:1::ffff:ffff:ffff:ffff"));
    assertThat(ipam.release("web", ip("fd00:1::7"))).isTrue();
    assertThat(next(WEB6, "again")).isEqualTo(ip("fd00:1::7"));
    assertThat(next(WEB6, "more")).isEqualTo(ip("fd00:1::2a"));
  }

  @Test
  void ipv6IpRangeInAHugeSubnetStartsAtTheRange() {
    IpamConfig config =
        IpamConfig.of(IpPrefix.parse("fd00::/16")).withIpRange(IpPrefix.parse("fd00:0:0:7::/64"));

    assertThat(allocateTexts(config, 2)).containsExactly("fd00:0:0:7::", "fd00:0:0:7::1");
  }

  @Test
  void allocatesARequestedAddress() {
    InetAddress got = ipam.allocate("web", WEB, Optional.of(ip("172.18.200.7")), "c1");

    assertThat(got).isEqualTo(ip("172.18.200.7"));
    assertThat(ipam.allocations("web")).containsExactly(Map.entry(ip("172.18.200.7"), "c1"));
  }

  static Stream<Arguments> refusedRequests() throws Exception {
    IpamConfig ranged = WEB.withIpRange(IpPrefix.parse("172.18.0.0/24"));
    IpamConfig aux = WEB.withAuxAddress("printer", ip("172.18.0.9"));
    byte[] linkLocal = ip("fe80::1").getAddress();
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    IpamConfig everything = IpamConfig.of(IpPrefix.parse("::/0"));
    return Stream.of(
        Arguments.of(
            WEB, ip("fd00:1::5"), "address fd00:1::5 is not IPv4 like subnet 172.18.0.0/16"),
        Arguments.of(
            WEB6, ip("172.18.0.5"), "address 172.18.0.5 is not IPv6 like subnet fd00:1::/64"),
        Arguments.of(WEB, ip("10.0.0.5"), "address 10.0.0.5 is outside subnet 172.18.0.0/16"),
        Arguments.of(WEB6, ip("fd00:2::5"), "address fd00:2::5 is outside subnet fd00:1::/64"),
        Arguments.of(
            ranged,
            ip("172.18.1.5"),
            "address 172.18.1.5 is outside ip-range 172.18.0.0/24 of network web"),
        Arguments.of(WEB, ip("172.18.0.0"), "address 172.18.0.0 is the network address of subnet"),
        Arguments.of(WEB6, ip("fd00:1::"), "address fd00:1:: is the network address of subnet"),
        Arguments.of(
            WEB, ip("172.18.255.255"), "address 172.18.255.255 is the broadcast address of subnet"),
        Arguments.of(WEB, ip("172.18.0.1"), "address 172.18.0.1 is the gateway of network web"),
        Arguments.of(
            WEB.withGateway(ip("172.18.3.3")),
            ip("172.18.3.3"),
            "address 172.18.3.3 is the gateway of network web"),
        Arguments.of(WEB6, ip("fd00:1::1"), "address fd00:1::1 is the gateway of network web"),
        Arguments.of(
            aux, ip("172.18.0.9"), "address 172.18.0.9 is reserved as aux-address printer"),
        Arguments.of(
            IpamConfig.of(IpPrefix.parse("fe80::/64")),
            Inet6Address.getByAddress(null, linkLocal, 2),
            "must not carry a scope"),
        Arguments.of(everything, Inet6Address.getByAddress(null, mapped, -1), "is IPv4-mapped"));
  }

  @ParameterizedTest
  @MethodSource("refusedRequests")
  void refusesUnallocatableRequestedAddresses(IpamConfig config, InetAddress address, String why) {
    assertThatThrownBy(() -> ipam.allocate("web", config, Optional.of(address), "c1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why)
        .hasMessageContaining("network web");
    assertThat(ipam.allocations("web")).isEmpty();
  }

  @Test
  void conflictNamesTheAddressTheNetworkAndTheOwner() {
    ipam.allocate("web", WEB, Optional.of(ip("172.18.0.7")), "db-1");

    assertThatThrownBy(() -> ipam.allocate("web", WEB, Optional.of(ip("172.18.0.7")), "db-2"))
        .isInstanceOf(ConflictException.class)
        .hasMessage("address 172.18.0.7 of network web is already allocated to db-1");
    assertThat(ipam.allocations("web")).containsExactly(Map.entry(ip("172.18.0.7"), "db-1"));
  }

  @Test
  void dynamicallyAllocatedAddressCannotBeRequestedAgain() {
    next(WEB, "c1");

    assertThatThrownBy(() -> ipam.allocate("web", WEB, Optional.of(ip("172.18.0.2")), "c2"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already allocated to c1");
  }

  @Test
  void sameOwnerMayHoldSeveralAddressesInBothFamilies() {
    InetAddress v4 = next(WEB, "c1");
    InetAddress v6 = next(WEB6, "c1");
    InetAddress second = next(WEB, "c1");

    assertThat(ipam.allocations("web"))
        .containsExactly(Map.entry(v4, "c1"), Map.entry(second, "c1"), Map.entry(v6, "c1"));
  }

  @Test
  void allocationsListIpv4FirstThenByNumericAddress() {
    ipam.allocate("web", WEB6, Optional.of(ip("fd00:1::10")), "a");
    ipam.allocate("web", WEB6, Optional.of(ip("fd00:1::9")), "b");
    ipam.allocate("web", WEB, Optional.of(ip("172.18.0.10")), "c");
    ipam.allocate("web", WEB, Optional.of(ip("172.18.0.9")), "d");
    ipam.allocate("web", WEB, Optional.of(ip("172.18.1.0")), "e");

    assertThat(ipam.allocations("web").keySet())
        .containsExactly(
            ip("172.18.0.9"),
            ip("172.18.0.10"),
            ip("172.18.1.0"),
            ip("fd00:1::9"),
            ip("fd00:1::10"));
    assertThatThrownBy(() -> ipam.allocations("web").clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void releaseOwnerFreesEveryAddressOfTheOwnerInBothFamilies() {
    next(WEB, "c1");
    next(WEB, "c2");
    next(WEB6, "c1");
    ipam.allocate("web", WEB, Optional.of(ip("172.18.0.50")), "c1");

    assertThat(ipam.releaseOwner("web", "c1")).isEqualTo(3);
    assertThat(ipam.allocations("web")).containsExactly(Map.entry(ip("172.18.0.3"), "c2"));
    assertThat(ipam.releaseOwner("web", "c1")).isZero();
    assertThat(ipam.releaseOwner("nowhere", "c1")).isZero();
    assertThat(next(WEB, "c3")).isEqualTo(ip("172.18.0.2"));
  }

  @Test
  void networksAllocateIndependently() {
    next(WEB, "c1");
    InetAddress other = ipam.allocate("db", WEB, Optional.empty(), "c1");

    assertThat(other).isEqualTo(ip("172.18.0.2"));
    assertThat(ipam.allocations("db")).containsOnlyKeys(ip("172.18.0.2"));
  }

  @Test
  void deleteNetworkForgetsItsAllocationsOnly() {
    allocateTexts(WEB, 3);
    ipam.allocate("db", WEB, Optional.empty(), "d1");

    ipam.deleteNetwork("web");

    assertThat(ipam.allocations("web")).isEmpty();
    assertThat(ipam.allocations("db")).hasSize(1);
    assertThat(next(WEB, "fresh")).isEqualTo(ip("172.18.0.2"));
    ipam.deleteNetwork("web");
    ipam.deleteNetwork("never-existed");
    assertThat(ipam.allocations("web")).isEmpty();
  }

  @Test
  void persistsOneObjectPerNetworkUnderKindIpam() {
    next(WEB, "c1");
    Path file = dir.resolve("ipam").resolve("web.properties");
    assertThat(file).exists();
    assertThat(StateStore.open(dir).read("ipam", "web")).contains(Map.of("172.18.0.2", "c1"));

    assertThat(ipam.release("web", ip("172.18.0.2"))).isTrue();
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void newInstanceOnTheSameDirectorySeesEarlierAllocations() {
    next(WEB, "c1");
    next(WEB6, "c1");
    Ipam again = new Ipam(StateStore.open(dir));

    assertThat(again.allocations("web"))
        .containsExactly(Map.entry(ip("172.18.0.2"), "c1"), Map.entry(ip("fd00:1::2"), "c1"));
    assertThat(again.allocate("web", WEB, Optional.empty(), "c2")).isEqualTo(ip("172.18.0.3"));
    assertThat(ipam.allocations("web")).hasSize(3);
  }

  @Test
  void anIpamThatReadBeforeSeesAnotherInstancesLaterWrites() {
    Ipam other = new Ipam(StateStore.open(dir));
    next(WEB, "c1");                                          // .2, read and written by ipam
    assertThat(other.allocate("web", WEB, Optional.empty(), "c2")).isEqualTo(ip("172.18.0.3"));

    assertThat(next(WEB, "c3")).as("not .3 again").isEqualTo(ip("172.18.0.4"));
    assertThat(other.release("web", ip("172.18.0.2"))).isTrue();
    assertThat(next(WEB, "c4")).as("the address other released").isEqualTo(ip("172.18.0.2"));
    // A write by hand (another program) is a new version too.
    StateStore.open(dir).write("ipam", "web", Map.of("172.18.0.2", "x", "172.18.0.3", "y"));
    assertThat(next(WEB, "c5")).isEqualTo(ip("172.18.0.4"));
  }

  @Test
  void allocationsAndReleasesAreLinesAppendedToTheNetworksFile() throws Exception {
    next(WEB, "c1");
    next(WEB, "c2");
    assertThat(ipam.release("web", ip("172.18.0.2"))).isTrue();
    next(WEB, "c3");

    Path file = dir.resolve("ipam").resolve("web.properties");
    assertThat(Files.readAllLines(file))
        .containsExactly("172.18.0.2=c1", "172.18.0.3=c2", "172.18.0.2=", "172.18.0.2=c3");
    assertThat(new Ipam(StateStore.open(dir)).allocations("web"))
        .containsExactly(Map.entry(ip("172.18.0.2"), "c3"), Map.entry(ip("172.18.0.3"), "c2"));
  }

  @Test
  void aFileGrownByAppendsIsWrittenWholeAgain() throws Exception {
    next(WEB, "keeper");
    Path file = dir.resolve("ipam").resolve("web.properties");
    long largest = 0;
    for (int i = 0; i < 500; i++) {
      assertThat(next(WEB, "c" + i)).isEqualTo(ip("172.18.0.3"));
      assertThat(ipam.release("web", ip("172.18.0.3"))).isTrue();
      largest = Math.max(largest, Files.size(file));
    }

    // 1000 appended lines would be ~20 KiB: the file was rewritten on the way.
    assertThat(largest).isLessThan(2 * 18 + 4096 + 64);
    assertThat(new Ipam(StateStore.open(dir)).allocations("web"))
        .containsExactly(Map.entry(ip("172.18.0.2"), "keeper"));
  }

  @Test
  void readsAWholeFileOfAnEarlierVersionAndAppendsToIt() throws Exception {
    StateStore.open(dir).write("ipam", "web", Map.of("172.18.0.2", "old1", "172.18.0.3", "old2"));

    assertThat(next(WEB, "c1")).isEqualTo(ip("172.18.0.4"));
    assertThat(ipam.releaseOwner("web", "old1")).isEqualTo(1);

    assertThat(Files.readAllLines(dir.resolve("ipam").resolve("web.properties")))
        .containsExactly("172.18.0.2=old1", "172.18.0.3=old2", "172.18.0.4=c1", "172.18.0.2=");
    assertThat(new Ipam(StateStore.open(dir)).allocations("web"))
        .containsExactly(Map.entry(ip("172.18.0.3"), "old2"), Map.entry(ip("172.18.0.4"), "c1"));
  }

  @Test
  void reportsCorruptStateNamingTheNetworkAndTheEntry() {
    StateStore.open(dir).write("ipam", "web", Map.of("not-an-ip", "c1"));

    assertThatThrownBy(() -> ipam.allocations("web"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("network web")
        .hasMessageContaining("\"not-an-ip\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-web", ".web", "we b", "web/1", "../web"})
  void refusesBadNetworkNames(String network) {
    assertThatThrownBy(() -> ipam.allocate(network, WEB, Optional.empty(), "c1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + network + "\"");
    assertThatThrownBy(() -> ipam.release(network, ip("172.18.0.2")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ipam.allocations(network))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAnEmptyOwner() {
    assertThatThrownBy(() -> next(WEB, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("owner");
  }
}
