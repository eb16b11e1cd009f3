package io.netmodel.linux.rtnl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netmodel.linux.netlink.Captures;
import io.netmodel.linux.netlink.NetlinkMessage;
import io.netmodel.linux.netlink.NetlinkProtocolException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding of link, address and route messages captured from the kernel (see Captures). */
class RtnlDecodeTest {

  private static List<NetlinkMessage> messages(String capture) {
    List<NetlinkMessage> out = new ArrayList<>();
    for (ByteBuffer d : Captures.datagrams(capture)) {
      out.addAll(NetlinkMessage.parseDatagram(d));
    }
    return out;
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal); // literals only: no lookup happens
  }

  @Test
  void decodesVethOnABridge() {
    LinkMessage v0 = LinkMessage.parse(messages("getlink-v0").get(0));

    assertThat(v0.index()).isEqualTo(4);
    assertThat(v0.name()).isEqualTo("v0");
    assertThat(v0.kind()).hasValue("veth");
    assertThat(v0.up()).isTrue();
    assertThat(v0.type()).isEqualTo(Ifla.ARPHRD_ETHER);
    assertThat(v0.operState()).isEqualTo(Ifla.IF_OPER_LOWERLAYERDOWN);
    assertThat(v0.operationallyUp()).isFalse();
    assertThat(v0.mtu()).isEqualTo(1400);
    assertThat(v0.address()).hasValue("02:00:00:00:00:01");
    assertThat(v0.master()).hasValue(2);
    assertThat(v0.link()).hasValue(3);
    assertThat(v0.linkNetnsId()).isEmpty();
    assertThat(v0.group()).isZero();
    assertThat(v0.bridgePortState()).as("its peer down").hasValue(Ifla.BR_STATE_DISABLED);
  }

  @Test
  void decodesBridge() {
    LinkMessage br0 = LinkMessage.parse(messages("getlink-br0").get(0));

    assertThat(br0.index()).isEqualTo(2);
    assertThat(br0.name()).isEqualTo("br0");
    assertThat(br0.kind()).hasValue("bridge");
    assertThat(br0.master()).isEmpty();
    assertThat(br0.link()).isEmpty();
    assertThat(br0.bridgePortState()).as("no bridge's port").isEmpty();
  }

  @Test
  void decodesLinkDumpIncludingLoopbackWithoutKind() {
    List<LinkMessage> links = new ArrayList<>();
    for (NetlinkMessage m : messages("dump-link")) {
      if (m.type() == Rtnl.RTM_NEWLINK) {
        links.add(LinkMessage.parse(m));
      }
    }

    assertThat(links).extracting(LinkMessage::name).containsExactly("lo", "br0", "v1", "v0");
    LinkMessage lo = links.get(0);
    assertThat(lo.kind()).isEmpty();
    assertThat(lo.type()).isEqualTo(Ifla.ARPHRD_LOOPBACK);
    assertThat(lo.flags() & Ifla.IFF_LOOPBACK).isNotZero();
    assertThat(lo.address()).hasValue("00:00:00:00:00:00");
    assertThat(links.get(2).up()).isFalse();
    assertThat(links.get(2).link()).hasValue(4);
  }

  @Test
  void decodesIpv4AndIpv6Addresses() throws Exception {
    List<AddressMessage> addresses = new ArrayList<>();
    for (NetlinkMessage m : messages("dump-addr")) {
      if (m.type() == Rtnl.RTM_NEWADDR) {
        addresses.add(AddressMessage.parse(m));
      }
    }

    assertThat(addresses).hasSize(4);
    assertThat(addresses.get(0))
        .isEqualTo(new AddressMessage(1, Rtnl.AF_INET, 8, Ifa.IFA_F_PERMANENT, Rtnl.RT_SCOPE_HOST,
            ip("127.0.0.1"), Optional.empty(), Optional.empty(), Optional.of("lo")));
    assertThat(addresses.get(1))
        .isEqualTo(new AddressMessage(2, Rtnl.AF_INET, 24, Ifa.IFA_F_PERMANENT,
            Rtnl.RT_SCOPE_UNIVERSE, ip("10.9.0.1"), Optional.empty(), Optional.empty(),
            Optional.of("br0")));
    assertThat(addresses.get(2).address()).isEqualTo(ip("::1"));
    AddressMessage v6 = addresses.get(3);
    assertThat(v6.address()).isEqualTo(ip("fd00:9::1"));
    assertThat(v6.family()).isEqualTo(Rtnl.AF_INET6);
    assertThat(v6.prefixLength()).isEqualTo(64);
    assertThat(v6.noDad()).isTrue();
    assertThat(v6.index()).isEqualTo(2);
  }

  @Test
  void decodesIpv4Routes() throws Exception {
    List<RouteMessage> routes = new ArrayList<>();
    for (NetlinkMessage m : messages("dump-route4")) {
      if (m.type() == Rtnl.RTM_NEWROUTE) {
        routes.add(RouteMessage.parse(m));
      }
    }

    assertThat(routes).hasSize(7);
    assertThat(routes.get(0))
        .isEqualTo(new RouteMessage(Rtnl.AF_INET, ip("0.0.0.0"), 0, Optional.of(ip("10.9.0.254")),
            OptionalInt.of(2), Rtnl.RT_TABLE_MAIN, Rtnl.RTPROT_BOOT, Rtnl.RT_SCOPE_UNIVERSE,
            Rtnl.RTN_UNICAST, OptionalInt.of(7)));
    assertThat(routes.get(1))
        .isEqualTo(new RouteMessage(Rtnl.AF_INET, ip("10.9.0.0"), 24, Optional.empty(),
            OptionalInt.of(2), Rtnl.RT_TABLE_MAIN, Rtnl.RTPROT_KERNEL, Rtnl.RT_SCOPE_LINK,
            Rtnl.RTN_UNICAST, OptionalInt.empty()));
    assertThat(routes.subList(2, 7))
        .allSatisfy(r -> assertThat(r.table()).isEqualTo(Rtnl.RT_TABLE_LOCAL));
  }

  @Test
  void decodesIpv6Routes() throws Exception {
    List<RouteMessage> routes = new ArrayList<>();
    for (NetlinkMessage m : messages("dump-route6")) {
      if (m.type() == Rtnl.RTM_NEWROUTE) {
        routes.add(RouteMessage.parse(m));
      }
    }

    assertThat(routes).hasSize(4);
    RouteMessage subnet = routes.get(0);
    assertThat(subnet.destination()).isEqualTo(ip("fd00:9::"));
    assertThat(subnet.destinationLength()).isEqualTo(64);
    assertThat(subnet.priority()).hasValue(256);
    assertThat(subnet.table()).isEqualTo(Rtnl.RT_TABLE_MAIN);
    assertThat(routes.get(3).type()).isEqualTo(Rtnl.RTN_MULTICAST);
  }

  @Test
  void refusesAMessageOfAnotherType() {
    NetlinkMessage address = messages("dump-addr").get(0);
    assertThatThrownBy(() -> LinkMessage.parse(address))
        .isInstanceOf(NetlinkProtocolException.class)
        .hasMessageContaining("expected RTM_NEWLINK, got message type 20");
  }

  @ParameterizedTest
  @ValueSource(strings = {"getlink-v0", "getlink-br0", "dump-link", "dump-addr", "dump-route4",
      "dump-route6"})
  void corruptedMessagesDecodeOrFailWithAProtocolErrorOnly(String capture) {
    Random random = new Random(capture.hashCode() * 31L);
    for (ByteBuffer d : Captures.datagrams(capture)) {
      for (int round = 0; round < 3000; round++) {
        ByteBuffer bad = Captures.copy(d);
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips; i++) {
          // Mostly in the first 64 bytes, where headers and lengths are.
          int at = random.nextBoolean() ? random.nextInt(Math.min(64, bad.limit()))
              : random.nextInt(bad.limit());
          bad.put(at, (byte) random.nextInt(256));
        }
        Throwable t = catchThrowable(() -> decodeAll(bad));
        if (t != null) {
          assertThat(t).isInstanceOf(NetlinkProtocolException.class);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"getlink-v0", "dump-addr", "dump-route4", "dump-route6"})
  void truncatedMessagesFailWithAProtocolError(String capture) {
    ByteBuffer d = Captures.first(capture);
    int first = d.getInt(0);
    for (int length = 16; length < first; length++) {
      ByteBuffer cut = Captures.copy(d).limit(length);
      cut.putInt(0, length); // a message whose own length agrees, but is cut short inside
      Throwable t = catchThrowable(() -> decodeAll(cut));
      if (t != null) {
        assertThat(t).as("cut at %d", length).isInstanceOf(NetlinkProtocolException.class);
      }
    }
  }

  private static void decodeAll(ByteBuffer datagram) {
    for (NetlinkMessage m : NetlinkMessage.parseDatagram(datagram)) {
      switch (m.type()) {
        case Rtnl.RTM_NEWLINK:
          LinkMessage.parse(m);
          break;
        case Rtnl.RTM_NEWADDR:
          if (AddressMessage.isInet(m)) {
            AddressMessage.parse(m);
          }
          break;
        case Rtnl.RTM_NEWROUTE:
          if (RouteMessage.isInet(m)) {
            RouteMessage.parse(m);
          }
          break;
        default:
          break;
      }
    }
  }
}
