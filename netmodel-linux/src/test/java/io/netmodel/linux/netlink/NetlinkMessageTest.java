package io.netmodel.linux.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetlinkMessageTest {
  // linux/rtnetlink.h and linux/if_link.h, as the captures use them.
  private static final int RTM_NEWLINK = 16;
  private static final int RTM_NEWADDR = 20;
  private static final int IFLA_ADDRESS = 1;
  private static final int IFLA_IFNAME = 3;
  private static final int IFLA_MTU = 4;
  private static final int IFLA_LINK = 5;
  private static final int IFLA_MASTER = 10;
  private static final int IFLA_OPERSTATE = 16;
  private static final int IFLA_LINKINFO = 18;
  private static final int IFLA_INFO_KIND = 1;
  private static final int IFLA_INFO_SLAVE_KIND = 4;

  static final List<String> CAPTURES =
      List.of(
          "getlink-v0",
          "getlink-br0",
          "getlink-missing",
          "newlink-unknown-kind",
          "newlink-exists",
          "dump-addr",
          "dump-route4",
          "dump-route6",
          "dump-link");

  @Test
  void decodesCapturedLinkReply() {
    List<NetlinkMessage> messages = NetlinkMessage.parseDatagram(Captures.first("getlink-v0"));

    assertThat(messages).hasSize(1);
    NetlinkMessage m = messages.get(0);
    assertThat(m.type()).isEqualTo(RTM_NEWLINK);
    assertThat(m.seq()).isEqualTo(102);
    assertThat(m.s32(4)).as("ifi_index").isEqualTo(4);
    assertThat(m.s32(8) & 1).as("IFF_UP").isEqualTo(1);
    NetlinkAttributes a = m.attributes(16);
    assertThat(a.string(IFLA_IFNAME)).hasValue("v0");
    assertThat(a.u32(IFLA_MTU)).hasValue(1400);
    assertThat(a.u32(IFLA_MASTER)).hasValue(2);
    assertThat(a.u32(IFLA_LINK)).hasValue(3);
    assertThat(a.u8(IFLA_OPERSTATE)).isPresent();
    assertThat(a.bytes(IFLA_ADDRESS))
        .hasValueSatisfying(mac -> assertThat(mac).containsExactly(2, 0, 0, 0, 0, 1));
    NetlinkAttributes info = a.nested(IFLA_LINKINFO).orElseThrow();
    assertThat(info.string(IFLA_INFO_KIND)).hasValue("veth");
    assertThat(info.string(IFLA_INFO_SLAVE_KIND)).hasValue("bridge");
    assertThat(a.find(IFLA_LINKINFO).orElseThrow().markedNested())
        .as("the kernel does not mark IFLA_LINKINFO nested in replies")
        .isFalse();
  }

  @Test
  void decodesCapturedAckAsCappedErrorZero() {
    NetlinkMessage ack = NetlinkMessage.parseDatagram(Captures.datagrams("getlink-v0").get(1)).get(0);

    assertThat(ack.type()).isEqualTo(Netlink.NLMSG_ERROR);
    assertThat(ack.hasFlags(Netlink.NLM_F_CAPPED)).isTrue();
    assertThat(ack.s32(0)).isZero();
    assertThat(ack.payloadLength()).isEqualTo(4 + 16);
  }

  @Test
  void decodesCapturedMultipartDumpAndItsDone() {
    List<ByteBuffer> grams = Captures.datagrams("dump-addr");

    List<NetlinkMessage> first = NetlinkMessage.parseDatagram(grams.get(0));
    assertThat(first).hasSize(4).allSatisfy(m -> {
      assertThat(m.type()).isEqualTo(RTM_NEWADDR);
      assertThat(m.hasFlags(Netlink.NLM_F_MULTI)).isTrue();
    });
    NetlinkMessage done = NetlinkMessage.parseDatagram(grams.get(1)).get(0);
    assertThat(done.type()).isEqualTo(Netlink.NLMSG_DONE);
    assertThat(done.s32(0)).isZero();
  }

  @Test
  void acceptsTheLastMessageWithoutItsPadding() {
    // struct nlmsghdr of 17 bytes, the 18th to 20th (padding) absent.
    ByteBuffer b = Captures.hex("11000000" + "2000" + "0000" + "01000000" + "00000000" + "2a");
    NetlinkMessage m = NetlinkMessage.parseDatagram(b).get(0);
    assertThat(m.payloadLength()).isEqualTo(1);
    assertThat(m.u8(0)).isEqualTo(42);
  }

  static Stream<String> captures() {
    return CAPTURES.stream();
  }

  /** Ends of whole messages within a datagram: where a truncation leaves valid input. */
  private static Set<Integer> messageBoundaries(ByteBuffer d) {
    Set<Integer> ends = new HashSet<>();
    ends.add(0);
    int offset = 0;
    while (offset < d.limit()) {
      int length = d.getInt(offset);
      ends.add(offset + length);
      offset += Netlink.align(length);
      ends.add(Math.min(offset, d.limit()));
    }
    return ends;
  }

  @ParameterizedTest
  @MethodSource("captures")
  void truncationAtEveryOffsetIsAProtocolErrorUnlessAtAMessageBoundary(String capture) {
    for (ByteBuffer d : Captures.datagrams(capture)) {
      Set<Integer> boundaries = messageBoundaries(d);
      for (int length = 0; length < d.limit(); length++) {
        ByteBuffer cut = Captures.copy(d).limit(length);
        Throwable t = catchThrowable(() -> parseDeeply(cut));
        if (boundaries.contains(length)) {
          assertThat(t).as("cut at boundary %d of %s", length, capture).isNull();
        } else {
          assertThat(t)
              .as("cut at %d of %s", length, capture)
              .isInstanceOf(NetlinkProtocolException.class);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("captures")
  void randomCorruptionIsAtWorstAProtocolError(String capture) {
    Random random = new Random(capture.hashCode());
    for (ByteBuffer d : Captures.datagrams(capture)) {
      for (int round = 0; round < 2000; round++) {
        ByteBuffer bad = Captures.copy(d);
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
          bad.put(random.nextInt(bad.limit()), (byte) random.nextInt(256));
        }
        Throwable t = catchThrowable(() -> parseDeeply(bad));
        if (t != null) {
          assertThat(t).isInstanceOf(NetlinkProtocolException.class);
        }
      }
    }
  }

  static Stream<Arguments> lies() {
    return Stream.of(
        lie("nlmsg_len below the header", b -> b.putInt(0, 15)),
        lie("nlmsg_len zero", b -> b.putInt(0, 0)),
        lie("nlmsg_len past the end", b -> b.putInt(0, b.limit() + 4)),
        lie("nlmsg_len negative as int", b -> b.putInt(0, 0xFFFFFFF0)),
        lie("first nla_len below 4", b -> b.putShort(16 + 16, (short) 3)),
        lie("first nla_len zero", b -> b.putShort(16 + 16, (short) 0)),
        lie("first nla_len past the message", b -> b.putShort(16 + 16, (short) 0xFFFF)));
  }

  private static Arguments lie(String what, Consumer<ByteBuffer> edit) {
    return Arguments.of(what, edit);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lies")
  void lyingLengthsAreProtocolErrors(String what, Consumer<ByteBuffer> edit) {
    ByteBuffer d = Captures.first("getlink-v0");
    edit.accept(d);
    assertThatThrownBy(() -> parseDeeply(d)).isInstanceOf(NetlinkProtocolException.class);
  }

  @Test
  void lyingLengthInsideANestIsAProtocolError() {
    MessageWriter w = new MessageWriter();
    w.begin(0x20, 0, 1, 0);
    int nest = w.beginNested(IFLA_LINKINFO);
    w.attrString(IFLA_INFO_KIND, "veth");
    w.endNested(nest).end();
    ByteBuffer d = Captures.copy(w.datagram());
    d.putShort(16 + 4, (short) 64); // the inner attribute claims more than its nest holds
    NetlinkAttribute outer =
        NetlinkMessage.parseDatagram(d).get(0).attributes(0).find(IFLA_LINKINFO).orElseThrow();

    assertThatThrownBy(outer::nested)
        .isInstanceOf(NetlinkProtocolException.class)
        .hasMessageContaining("claims 64 bytes");
  }

  @Test
  void trailingBytesShorterThanAHeaderAreAProtocolError() {
    ByteBuffer d = Captures.hex("10000000" + "2000" + "0000" + "01000000" + "00000000" + "0000");
    assertThatThrownBy(() -> NetlinkMessage.parseDatagram(d))
        .isInstanceOf(NetlinkProtocolException.class)
        .hasMessageContaining("truncated netlink header at offset 16");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void typedGettersRefuseValuesTooShort(int length) {
    MessageWriter w = new MessageWriter().begin(0x20, 0, 1, 0);
    w.attrBytes(1, new byte[length]).end();
    NetlinkAttribute a = NetlinkMessage.parseDatagram(w.datagram()).get(0).attributes(0)
        .find(1).orElseThrow();

    assertThatThrownBy(a::u32).isInstanceOf(NetlinkProtocolException.class)
        .hasMessageContaining("too short for a u32: " + length);
    assertThatThrownBy(a::be32).isInstanceOf(NetlinkProtocolException.class);
    assertThatThrownBy(a::u64).isInstanceOf(NetlinkProtocolException.class);
  }

  @Test
  void payloadReadsPastTheEndAreProtocolErrors() {
    NetlinkMessage m = NetlinkMessage.parseDatagram(Captures.datagrams("dump-addr").get(1)).get(0);

    assertThatThrownBy(() -> m.s32(2)).isInstanceOf(NetlinkProtocolException.class);
    assertThatThrownBy(() -> m.u8(-1)).isInstanceOf(NetlinkProtocolException.class);
    assertThatThrownBy(() -> m.bytes(0, 5)).isInstanceOf(NetlinkProtocolException.class);
    assertThatThrownBy(() -> m.attributes(16)).isInstanceOf(NetlinkProtocolException.class)
        .hasMessageContaining("too short for its 16-byte header");
  }

  @Test
  void stringsStopAtTheFirstNulOrTheEnd() {
    MessageWriter w = new MessageWriter().begin(0x20, 0, 1, 0);
    w.attrBytes(1, new byte[] {'a', 'b', 0, 'c'}).attrBytes(2, new byte[] {'x', 'y'}).end();
    NetlinkAttributes a = NetlinkMessage.parseDatagram(w.datagram()).get(0).attributes(0);

    assertThat(a.string(1)).hasValue("ab");
    assertThat(a.string(2)).hasValue("xy");
  }

  @Test
  void findReturnsTheLastOfRepeatedTypesAsTheKernelDoes() {
    MessageWriter w = new MessageWriter().begin(0x20, 0, 1, 0);
    w.attrU32(1, 10).attrU32(1, 20).end();
    NetlinkAttributes a = NetlinkMessage.parseDatagram(w.datagram()).get(0).attributes(0);

    assertThat(a.u32(1)).hasValue(20);
    assertThat(a.all(1)).extracting(NetlinkAttribute::u32).containsExactly(10, 20);
  }

  /** Parses messages, then the attributes of every rtnetlink message, nests included. */
  static List<Object> parseDeeply(ByteBuffer datagram) {
    List<Object> seen = new ArrayList<>();
    for (NetlinkMessage m : NetlinkMessage.parseDatagram(datagram)) {
      seen.add(m);
      int header = familyHeaderLength(m);
      if (header < 0) {
        continue;
      }
      for (NetlinkAttribute a : m.attributes(header)) {
        seen.add(a);
        if (m.type() == RTM_NEWLINK && a.type() == IFLA_LINKINFO) {
          seen.add(a.nested().string(IFLA_INFO_KIND));
        }
      }
    }
    return seen;
  }

  private static int familyHeaderLength(NetlinkMessage m) {
    switch (m.type()) {
      case 16:
        return 16; // struct ifinfomsg
      case 20:
        return 8; // struct ifaddrmsg
      case 24:
        return 12; // struct rtmsg
      case Netlink.NLMSG_ERROR:
        if (!m.hasFlags(Netlink.NLM_F_ACK_TLVS)) {
          return -1;
        }
        // int error, the echoed header, the echoed payload unless capped, then the TLVs
        return m.hasFlags(Netlink.NLM_F_CAPPED) ? 4 + 16 : 4 + Netlink.align(m.s32(4));
      default:
        return -1;
    }
  }
}
