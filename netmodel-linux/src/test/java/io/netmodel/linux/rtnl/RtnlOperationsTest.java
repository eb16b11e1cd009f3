package io.netmodel.linux.rtnl;

import static io.netmodel.linux.netlink.ScriptedTransport.ack;
import static io.netmodel.linux.netlink.ScriptedTransport.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.KernelException;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.MacAddress;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Route;
import io.netmodel.linux.netlink.Captures;
import io.netmodel.linux.netlink.Netlink;
import io.netmodel.linux.netlink.NetlinkAttribute;
import io.netmodel.linux.netlink.NetlinkAttributes;
import io.netmodel.linux.netlink.NetlinkClient;
import io.netmodel.linux.netlink.NetlinkMessage;
import io.netmodel.linux.netlink.ScriptedTransport;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What the typed operations send, and how they read the kernel's (captured) answers. */
class RtnlOperationsTest {
  private static final int PEER_NS_FD = 42;
  private static final StubNamespace WEB = new StubNamespace("web");

  private final ScriptedTransport kernel = new ScriptedTransport();
  private final NetlinkClient client = new NetlinkClient(kernel);
  private final RtnlLinks links = new RtnlLinks(client, ns -> PEER_NS_FD);
  private final RtnlAddresses addresses = new RtnlAddresses(client);
  private final RtnlRoutes routes = new RtnlRoutes(client);

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal); // literals only: no lookup happens
  }

  /** Answers every request with the capture's datagrams, their sequence number rewritten. */
  private void answerWith(String capture) {
    List<ByteBuffer> grams = Captures.datagrams(capture);
    kernel.respondWith(m -> {
      List<ByteBuffer> out = new ArrayList<>();
      for (ByteBuffer g : grams) {
        out.add(Captures.withSeq(g, m.seq()));
      }
      return out;
    });
  }

  private NetlinkMessage onlySent() {
    List<NetlinkMessage> sent = kernel.sentMessages();
    assertThat(sent).hasSize(1);
    return sent.get(0);
  }

  @Test
  void vethIsCreatedWithItsPeerNamedInTheOtherNamespaceAndReadBackInOneDatagram() {
    List<ByteBuffer> v0 = Captures.datagrams("getlink-v0");
    // The kernel echoes the new link to its creator (NLM_F_ECHO), before the acknowledgement.
    kernel.respondWith(m -> m.type() == Rtnl.RTM_NEWLINK && m.hasFlags(Netlink.NLM_F_ECHO)
        ? List.of(Captures.withSeq(v0.get(0), m.seq()), ack(m))
        : List.of(ack(m)));

    Link link = links.add(new LinkSpec.Veth(InterfaceName.of("v0"),
        LinkOptions.none().withMaster(2).withMtu(1400)
            .withMacAddress(MacAddress.parse("02:00:00:00:00:01")),
        InterfaceName.of("eth0"), WEB, LinkOptions.none().withMtu(1400)));

    assertThat(kernel.sent()).hasSize(1);
    List<NetlinkMessage> sent = kernel.sentMessages();
    assertThat(sent).extracting(NetlinkMessage::type).containsExactly(Rtnl.RTM_NEWLINK);
    NetlinkMessage create = sent.get(0);
    assertThat(create.hasFlags(
            Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL | Netlink.NLM_F_ACK | Netlink.NLM_F_ECHO))
        .isTrue();
    NetlinkAttributes a = create.attributes(Ifla.IFINFOMSG_SIZE);
    assertThat(a.string(Ifla.IFLA_IFNAME)).hasValue("v0");
    assertThat(a.u32(Ifla.IFLA_MASTER)).hasValue(2);
    assertThat(a.u32(Ifla.IFLA_MTU)).hasValue(1400);
    assertThat(a.bytes(Ifla.IFLA_ADDRESS).orElseThrow()).containsExactly(2, 0, 0, 0, 0, 1);
    assertThat(a.has(Ifla.IFLA_NET_NS_FD)).isFalse();
    assertThat(a.u32(Ifla.IFLA_NUM_TX_QUEUES)).as("one queue each way").hasValue(1);
    assertThat(a.u32(Ifla.IFLA_NUM_RX_QUEUES)).hasValue(1);
    NetlinkAttribute info = a.find(Ifla.IFLA_LINKINFO).orElseThrow();
    assertThat(info.markedNested()).isTrue();
    assertThat(info.nested().string(Ifla.IFLA_INFO_KIND)).hasValue("veth");
    NetlinkAttribute data = info.nested().find(Ifla.IFLA_INFO_DATA).orElseThrow();
    NetlinkAttribute peer = data.nested().find(Ifla.VETH_INFO_PEER).orElseThrow();
    assertThat(peer.markedNested()).isTrue();
    assertThat(peer.value().getInt(4)).as("peer ifi_index").isZero();
    NetlinkAttributes p = peer.nestedAfter(Ifla.IFINFOMSG_SIZE);
    assertThat(p.string(Ifla.IFLA_IFNAME)).hasValue("eth0");
    assertThat(p.u32(Ifla.IFLA_NET_NS_FD)).hasValue(PEER_NS_FD);
    assertThat(p.u32(Ifla.IFLA_MTU)).hasValue(1400);
    assertThat(p.u32(Ifla.IFLA_NUM_TX_QUEUES)).as("the peer's too").hasValue(1);
    assertThat(p.u32(Ifla.IFLA_NUM_RX_QUEUES)).hasValue(1);

    assertThat(link.index()).isEqualTo(4);
    assertThat(link.name()).isEqualTo("v0");
    assertThat(link.kind()).hasValue("veth");
    assertThat(link.master()).hasValue(2);
    assertThat(link.link()).hasValue(3);
    assertThat(link.macAddress()).hasValue(MacAddress.parse("02:00:00:00:00:01"));
  }

  @Test
  void aKernelThatEchoesNothingIsAskedForTheNewLinkAfterwards() {
    List<ByteBuffer> v0 = Captures.datagrams("getlink-v0");
    kernel.respondWith(m -> m.type() == Rtnl.RTM_NEWLINK
        ? List.of(ack(m))
        : List.of(Captures.withSeq(v0.get(0), m.seq()), Captures.withSeq(v0.get(1), m.seq())));

    Link link = links.add(new LinkSpec.Veth(InterfaceName.of("v0"),
        LinkOptions.none().withMaster(2), InterfaceName.of("eth0"), WEB, LinkOptions.none()));

    assertThat(kernel.sentMessages()).extracting(NetlinkMessage::type)
        .containsExactly(Rtnl.RTM_NEWLINK, Rtnl.RTM_GETLINK);
    assertThat(kernel.sentMessages().get(1).attributes(Ifla.IFINFOMSG_SIZE)
            .string(Ifla.IFLA_IFNAME))
        .hasValue("v0");
    assertThat(link.index()).isEqualTo(4);
    assertThat(link.master()).hasValue(2);
  }

  @Test
  void failedCreationReportsTheVethAndItsPeer() {
    kernel.respondWith(m -> m.type() == Rtnl.RTM_NEWLINK
        ? List.of(error(m, 17, null)) : List.of(ack(m)));

    assertThatThrownBy(() -> links.add(new LinkSpec.Veth(InterfaceName.of("veth1a2b"),
            LinkOptions.none(), InterfaceName.of("eth0"), WEB, LinkOptions.none())))
        .isInstanceOf(KernelException.class)
        .hasMessage("RTM_NEWLINK veth1a2b (peer eth0 in ns web) failed: EEXIST (File exists)");
    assertThat(kernel.unread()).isZero();
  }

  @Test
  void linkCreatedInAnotherNamespaceCarriesItsFdAndParent() {
    links.addIn(new LinkSpec.Macvlan(InterfaceName.of("eth0"), LinkOptions.none(), 7,
        LinkSpec.MacvlanMode.BRIDGE), WEB);

    NetlinkAttributes a = onlySent().attributes(Ifla.IFINFOMSG_SIZE);
    assertThat(a.u32(Ifla.IFLA_NET_NS_FD)).hasValue(PEER_NS_FD);
    assertThat(a.u32(Ifla.IFLA_LINK)).hasValue(7);
    NetlinkAttributes info = a.nested(Ifla.IFLA_LINKINFO).orElseThrow();
    assertThat(info.string(Ifla.IFLA_INFO_KIND)).hasValue("macvlan");
    assertThat(info.nested(Ifla.IFLA_INFO_DATA).orElseThrow().u32(Ifla.IFLA_MACVLAN_MODE))
        .hasValue(4);
  }

  private NetlinkAttributes infoDataOfCreated(LinkSpec spec) {
    links.addIn(spec, WEB);
    return onlySent().attributes(Ifla.IFINFOMSG_SIZE).nested(Ifla.IFLA_LINKINFO).orElseThrow()
        .nested(Ifla.IFLA_INFO_DATA).orElseThrow();
  }

  @Test
  void ipvlanCarriesModeAndFlagsAsU16() {
    NetlinkAttributes data = infoDataOfCreated(new LinkSpec.Ipvlan(InterfaceName.of("eth0"),
        LinkOptions.none(), 3, LinkSpec.IpvlanMode.L3, LinkSpec.IpvlanFlag.PRIVATE));

    assertThat(data.find(Ifla.IFLA_IPVLAN_MODE).orElseThrow().length()).isEqualTo(2);
    assertThat(data.u16(Ifla.IFLA_IPVLAN_MODE)).hasValue(1);
    assertThat(data.u16(Ifla.IFLA_IPVLAN_FLAGS)).hasValue(1);
  }

  @Test
  void vlanCarriesItsId() {
    NetlinkAttributes data = infoDataOfCreated(
        new LinkSpec.Vlan(InterfaceName.of("eth0.10"), LinkOptions.none(), 3, 10));

    assertThat(data.u16(Ifla.IFLA_VLAN_ID)).hasValue(10);
  }

  @Test
  void vxlanCarriesVniPortInNetworkOrderLearningLocalAndUnderlay() throws Exception {
    NetlinkAttributes data = infoDataOfCreated(new LinkSpec.Vxlan(InterfaceName.of("vx0"),
        LinkOptions.none(), 4097, 4789, false, Optional.of(ip("10.0.0.5")), Optional.of(3)));

    assertThat(data.u32(Ifla.IFLA_VXLAN_ID)).hasValue(4097);
    assertThat(data.find(Ifla.IFLA_VXLAN_PORT).orElseThrow().bytes())
        .containsExactly(0x12, 0xb5);
    assertThat(data.u8(Ifla.IFLA_VXLAN_LEARNING)).hasValue(0);
    assertThat(data.bytes(Ifla.IFLA_VXLAN_LOCAL).orElseThrow()).containsExactly(10, 0, 0, 5);
    assertThat(data.u32(Ifla.IFLA_VXLAN_LINK)).hasValue(3);
  }

  @Test
  void getByNameReadsTheCapturedReply() {
    answerWith("getlink-br0");

    Link br0 = links.get(InterfaceName.of("br0")).orElseThrow();

    assertThat(br0.index()).isEqualTo(2);
    assertThat(br0.kind()).hasValue("bridge");
    assertThat(br0.up()).isTrue();
    assertThat(onlySent().attributes(Ifla.IFINFOMSG_SIZE).string(Ifla.IFLA_IFNAME))
        .hasValue("br0");
  }

  @Test
  void missingLinkIsEmptyNotAnError() {
    answerWith("getlink-missing");

    assertThat(links.get(InterfaceName.of("nosuch0"))).isEmpty();
    assertThat(links.get(99)).isEmpty();
  }

  @Test
  void listDumpsOnceAndDecodesEveryLink() {
    answerWith("dump-link");

    assertThat(links.list()).extracting(Link::name).containsExactly("lo", "br0", "v1", "v0");
    assertThat(onlySent().hasFlags(Netlink.NLM_F_DUMP)).isTrue();
  }

  @Test
  void changeSetsUpMtuNameMasterInOneRequest() {
    links.change(4, LinkChange.setUp().withMtu(1450).withName(InterfaceName.of("eth1"))
        .withoutMaster());

    NetlinkMessage m = onlySent();
    assertThat(m.type()).isEqualTo(Rtnl.RTM_NEWLINK);
    assertThat(m.hasFlags(Netlink.NLM_F_CREATE)).isFalse();
    assertThat(m.s32(4)).as("index").isEqualTo(4);
    assertThat(m.s32(8)).as("flags").isEqualTo(Ifla.IFF_UP);
    assertThat(m.s32(12)).as("change").isEqualTo(Ifla.IFF_UP);
    NetlinkAttributes a = m.attributes(Ifla.IFINFOMSG_SIZE);
    assertThat(a.u32(Ifla.IFLA_MTU)).hasValue(1450);
    assertThat(a.string(Ifla.IFLA_IFNAME)).hasValue("eth1");
    assertThat(a.u32(Ifla.IFLA_MASTER)).hasValue(0);
  }

  @Test
  void downClearsUpUnderTheMask() {
    links.change(4, LinkChange.none().withUp(false).withNamespace(WEB));

    NetlinkMessage m = onlySent();
    assertThat(m.s32(8)).isZero();
    assertThat(m.s32(12)).isEqualTo(Ifla.IFF_UP);
    assertThat(m.attributes(Ifla.IFINFOMSG_SIZE).u32(Ifla.IFLA_NET_NS_FD)).hasValue(PEER_NS_FD);
  }

  @Test
  void hairpinIsTheBridgePortModeInTheSlaveDataOfTheSameRequest() {
    links.change(4, LinkChange.setUp().withHairpin(true));

    NetlinkMessage m = onlySent();
    assertThat(m.type()).isEqualTo(Rtnl.RTM_NEWLINK);
    assertThat(m.payloadLength()).isEqualTo(Ifla.IFINFOMSG_SIZE + 28);
    assertThat(m.bytes(0, Ifla.IFINFOMSG_SIZE + 28))
        .containsExactly(
            // struct ifinfomsg: family 0, index 4, flags IFF_UP, change IFF_UP
            0, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0,
            // IFLA_LINKINFO (18 | NLA_F_NESTED), 28 bytes
            28, 0, 18, (byte) 0x80,
            // IFLA_INFO_SLAVE_KIND (4) "bridge\0", padded to 12 bytes
            11, 0, 4, 0, 'b', 'r', 'i', 'd', 'g', 'e', 0, 0,
            // IFLA_INFO_SLAVE_DATA (5 | NLA_F_NESTED), 12 bytes
            12, 0, 5, (byte) 0x80,
            // IFLA_BRPORT_MODE (4) u8 1, padded to 8 bytes
            5, 0, 4, 0, 1, 0, 0, 0);
  }

  @Test
  void hairpinOffSendsModeZero() {
    links.change(4, LinkChange.none().withHairpin(false));

    NetlinkAttributes info =
        onlySent().attributes(Ifla.IFINFOMSG_SIZE).nested(Ifla.IFLA_LINKINFO).orElseThrow();
    assertThat(info.string(Ifla.IFLA_INFO_SLAVE_KIND)).hasValue("bridge");
    assertThat(info.nested(Ifla.IFLA_INFO_SLAVE_DATA).orElseThrow().u8(Ifla.IFLA_BRPORT_MODE))
        .hasValue(0);
  }

  @Test
  void hairpinRefusedForALinkThatIsNoBridgePortCarriesTheKernelsErrno() {
    kernel.respondWith(m -> List.of(error(m, 95, null)));

    assertThatThrownBy(() -> links.change(4, LinkChange.none().withHairpin(true)))
        .isInstanceOfSatisfying(
            KernelException.class,
            e -> {
              assertThat(e.errnoName()).isEqualTo("EOPNOTSUPP");
              assertThat(e.operation()).isEqualTo("RTM_NEWLINK");
              assertThat(e.object()).isEqualTo("link 4 (hairpin on)");
            });
  }

  @Test
  void emptyChangeSendsNothing() {
    links.change(4, LinkChange.none());
    assertThat(kernel.sent()).isEmpty();
  }

  @Test
  void deleteOfAMissingLinkIsFalse() {
    kernel.respondWith(m -> List.of(error(m, 19, null)));

    assertThat(links.delete(9)).isFalse();
    assertThat(links.delete(InterfaceName.of("gone0"))).isFalse();
  }

  @Test
  void groupIsDeletedInOneRequest() {
    links.deleteGroup(77);

    NetlinkMessage m = onlySent();
    assertThat(m.type()).isEqualTo(Rtnl.RTM_DELLINK);
    assertThat(m.s32(4)).isZero();
    assertThat(m.attributes(Ifla.IFINFOMSG_SIZE).u32(Ifla.IFLA_GROUP)).hasValue(77);
    assertThatThrownBy(() -> links.deleteGroup(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ipv4AddressGetsLocalAddressAndBroadcast() {
    addresses.add(AddressEntry.of(2, IpPrefix.parse("10.9.0.1/24")));

    NetlinkMessage m = onlySent();
    assertThat(m.hasFlags(Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)).isTrue();
    assertThat(m.bytes(0, 8)).containsExactly(Rtnl.AF_INET, 24, 0, 0, 2, 0, 0, 0);
    NetlinkAttributes a = m.attributes(Ifa.IFADDRMSG_SIZE);
    assertThat(a.bytes(Ifa.IFA_LOCAL).orElseThrow()).containsExactly(10, 9, 0, 1);
    assertThat(a.bytes(Ifa.IFA_ADDRESS).orElseThrow()).containsExactly(10, 9, 0, 1);
    assertThat(a.bytes(Ifa.IFA_BROADCAST).orElseThrow()).containsExactly(10, 9, 0, (byte) 255);
  }

  @Test
  void loopbackAddressGetsHostScope() {
    addresses.add(AddressEntry.of(1, IpPrefix.parse("127.0.0.1/8")));

    assertThat(onlySent().u8(3)).isEqualTo(Rtnl.RT_SCOPE_HOST);
  }

  @Test
  void ipv6AddressWithoutDadHasTheFlagAndNoLocal() {
    addresses.add(new AddressEntry(2, IpPrefix.parse("fd00:9::1/64"), true));

    NetlinkMessage m = onlySent();
    assertThat(m.u8(0)).isEqualTo(Rtnl.AF_INET6);
    assertThat(m.u8(2)).isEqualTo(Ifa.IFA_F_NODAD);
    NetlinkAttributes a = m.attributes(Ifa.IFADDRMSG_SIZE);
    assertThat(a.has(Ifa.IFA_LOCAL)).isFalse();
    assertThat(a.has(Ifa.IFA_BROADCAST)).isFalse();
    assertThat(a.find(Ifa.IFA_ADDRESS).orElseThrow().length()).isEqualTo(16);
  }

  @Test
  void deletingAnAbsentAddressIsFalse() {
    kernel.respondWith(m -> List.of(error(m, 99, null)));

    assertThat(addresses.delete(AddressEntry.of(2, IpPrefix.parse("10.9.0.9/24")))).isFalse();
    assertThat(onlySent().type()).isEqualTo(Rtnl.RTM_DELADDR);
  }

  @Test
  void listsTheCapturedAddressesOfOneLink() {
    answerWith("dump-addr");

    assertThat(addresses.list(2))
        .containsExactly(
            AddressEntry.of(2, IpPrefix.parse("10.9.0.1/24")),
            new AddressEntry(2, IpPrefix.parse("fd00:9::1/64"), true));
    assertThat(onlySent().s32(4)).as("kernel-side filter on the index").isEqualTo(2);
  }

  @Test
  void listsTheCapturedMainTableRoutesOnly() throws Exception {
    answerWith("dump-route4");

    assertThat(routes.list())
        .containsExactly(
            new Route(IpPrefix.parse("0.0.0.0/0"), Optional.of(ip("10.9.0.254")),
                OptionalInt.of(2), OptionalInt.of(7)),
            new Route(IpPrefix.parse("10.9.0.0/24"), Optional.empty(), OptionalInt.of(2),
                OptionalInt.empty()));
    assertThat(onlySent().attributes(Rtnl.RTMSG_SIZE).u32(Rtnl.RTA_TABLE))
        .hasValue(Rtnl.RT_TABLE_MAIN);
  }

  @Test
  void defaultRouteViaGatewayHasUniverseScopeAndNoDestination() throws Exception {
    routes.add(Route.defaultVia(ip("10.9.0.254"), 2));

    NetlinkMessage m = onlySent();
    assertThat(m.bytes(0, 8))
        .containsExactly(Rtnl.AF_INET, 0, 0, 0, Rtnl.RT_TABLE_MAIN, Rtnl.RTPROT_BOOT,
            Rtnl.RT_SCOPE_UNIVERSE, Rtnl.RTN_UNICAST);
    NetlinkAttributes a = m.attributes(Rtnl.RTMSG_SIZE);
    assertThat(a.has(Rtnl.RTA_DST)).isFalse();
    assertThat(a.bytes(Rtnl.RTA_GATEWAY).orElseThrow()).containsExactly(10, 9, 0, (byte) 254);
    assertThat(a.u32(Rtnl.RTA_OIF)).hasValue(2);
  }

  @Test
  void deviceRouteHasLinkScope() {
    routes.add(Route.onLink(IpPrefix.parse("fd00:9::/64"), 2));

    NetlinkMessage m = onlySent();
    assertThat(m.u8(0)).isEqualTo(Rtnl.AF_INET6);
    assertThat(m.u8(1)).isEqualTo(64);
    assertThat(m.u8(6)).isEqualTo(Rtnl.RT_SCOPE_LINK);
    assertThat(m.attributes(Rtnl.RTMSG_SIZE).find(Rtnl.RTA_DST).orElseThrow().length())
        .isEqualTo(16);
  }

  @Test
  void replaceAsksToCreateOrReplace() {
    routes.replace(Route.onLink(IpPrefix.parse("10.1.0.0/16"), 2));

    assertThat(onlySent().hasFlags(Netlink.NLM_F_CREATE | Netlink.NLM_F_REPLACE)).isTrue();
  }

  @Test
  void deletingAnAbsentRouteIsFalse() {
    kernel.respondWith(m -> List.of(error(m, 3, null)));

    assertThat(routes.delete(Route.onLink(IpPrefix.parse("10.1.0.0/16"), 2))).isFalse();
    NetlinkMessage m = onlySent();
    assertThat(m.type()).isEqualTo(Rtnl.RTM_DELROUTE);
    assertThat(m.u8(6)).as("scope: any").isEqualTo(Rtnl.RT_SCOPE_NOWHERE);
  }
}
