package io.netmodel.linux.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageWriterTest {
  private static final int RTM_NEWLINK = 16;
  private static final int RTM_GETLINK = 18;
  private static final int IFLA_IFNAME = 3;
  private static final int IFLA_LINKINFO = 18;
  private static final int IFLA_INFO_KIND = 1;

  /** The request the kernel echoed in its NLMSG_ERROR: the bytes after the int error. */
  private static byte[] echoedRequest(String capture) {
    ByteBuffer error = Captures.first(capture);
    int length = error.getInt(16 + 4);
    return Arrays.copyOfRange(Captures.bytes(error), 20, 20 + length);
  }

  private static MessageWriter ifinfomsg(MessageWriter w) {
    return w.u8(0).u8(0).u16(0).u32(0).u32(0).u32(0);
  }

  @Test
  void encodesNestedLinkInfoExactlyAsTheKernelEchoedIt() {
    MessageWriter w = new MessageWriter();
    w.begin(RTM_NEWLINK, 0x605, 0x68, 0);
    ifinfomsg(w).attrString(IFLA_IFNAME, "bad0");
    int nest = w.beginNested(IFLA_LINKINFO);
    w.attrString(IFLA_INFO_KIND, "nosuchkind");
    w.endNested(nest).end();

    assertThat(Captures.bytes(w.datagram())).isEqualTo(echoedRequest("newlink-unknown-kind"));
  }

  @Test
  void encodesAlignedStringAttributeExactlyAsTheKernelEchoedIt() {
    MessageWriter w = new MessageWriter();
    w.begin(RTM_NEWLINK, 0x605, 0x69, 0);
    ifinfomsg(w).attrString(IFLA_IFNAME, "br0");
    int nest = w.beginNested(IFLA_LINKINFO);
    w.attrString(IFLA_INFO_KIND, "bridge");
    w.endNested(nest).end();

    assertThat(Captures.bytes(w.datagram())).isEqualTo(echoedRequest("newlink-exists"));
  }

  @Test
  void encodesGetRequestExactlyAsTheKernelEchoedIt() {
    MessageWriter w = new MessageWriter();
    w.begin(RTM_GETLINK, 0x5, 0x67, 0);
    ifinfomsg(w).attrString(IFLA_IFNAME, "nosuch0").end();

    assertThat(Captures.bytes(w.datagram())).isEqualTo(echoedRequest("getlink-missing"));
  }

  @Test
  void writesEveryScalarWithHeaderAndPadding() {
    MessageWriter w = new MessageWriter(16);
    w.begin(0x20, 0x1, 7, 9)
        .attrU8(1, 0xAB)
        .attrU16(2, 0xBEEF)
        .attrU32(3, 0x01020304)
        .attrU64(4, 0x0102030405060708L)
        .attrBe16(5, 4789)
        .attrBe32(6, 0x0A090001)
        .attrBytes(7, new byte[] {1, 2, 3})
        .attrFlag(8)
        .end();

    assertThat(HexFormat.of().formatHex(Captures.bytes(w.datagram())))
        .isEqualTo(
            "50000000" + "2000" + "0100" + "07000000" + "09000000"
                + "05000100" + "ab000000"
                + "06000200" + "efbe0000"
                + "08000300" + "04030201"
                + "0c000400" + "0807060504030201"
                + "06000500" + "12b50000"
                + "08000600" + "0a090001"
                + "07000700" + "01020300"
                + "04000800");
  }

  @Test
  void nestsNestsAndMarksThemNested() {
    MessageWriter w = new MessageWriter();
    w.begin(0x20, 0, 1, 0);
    int outer = w.beginNested(1);
    int inner = w.beginNested(2);
    w.attrU8(3, 1);
    w.endNested(inner);
    w.endNested(outer).end();

    NetlinkMessage m = NetlinkMessage.parseDatagram(w.datagram()).get(0);
    NetlinkAttribute a = m.attributes(0).find(1).orElseThrow();
    assertThat(a.markedNested()).isTrue();
    assertThat(a.length()).isEqualTo(4 + 8);
    NetlinkAttribute b = a.nested().find(2).orElseThrow();
    assertThat(b.markedNested()).isTrue();
    assertThat(b.nested().u8(3)).hasValue(1);
  }

  @Test
  void putsSeveralMessagesInOneDatagramEachAligned() {
    MessageWriter w = new MessageWriter();
    w.begin(0x20, 0, 1, 0).u8(5).end();
    w.begin(0x21, 0, 2, 0).attrString(1, "x").end();

    List<NetlinkMessage> messages = NetlinkMessage.parseDatagram(w.datagram());
    assertThat(w.messageCount()).isEqualTo(2);
    assertThat(w.size()).isEqualTo(20 + 24);
    assertThat(messages).extracting(NetlinkMessage::seq).containsExactly(1, 2);
    assertThat(messages.get(0).payloadLength()).isEqualTo(1);
    assertThat(messages.get(1).attributes(0).string(1)).hasValue("x");
  }

  @Test
  void growsItsBufferWithoutLosingWhatWasWritten() {
    MessageWriter w = new MessageWriter(16);
    w.begin(0x20, 0, 1, 0);
    byte[] big = new byte[5000];
    Arrays.fill(big, (byte) 7);
    w.attrBytes(1, big).end();

    NetlinkMessage m = NetlinkMessage.parseDatagram(w.datagram()).get(0);
    assertThat(m.attributes(0).bytes(1)).hasValueSatisfying(b -> assertThat(b).isEqualTo(big));
  }

  @Test
  void resetStartsAnEmptyDatagram() {
    MessageWriter w = new MessageWriter();
    w.begin(0x20, 0, 1, 0).end();
    w.reset();
    assertThat(w.size()).isZero();
    assertThat(w.messageCount()).isZero();
    assertThat(w.datagram().remaining()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 256, 1000})
  void refusesU8OutOfRange(int value) {
    MessageWriter w = new MessageWriter().begin(0x20, 0, 1, 0);
    assertThatThrownBy(() -> w.attrU8(1, value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range 0..255: " + value);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 65536})
  void refusesU16OutOfRange(int value) {
    MessageWriter w = new MessageWriter().begin(0x20, 0, 1, 0);
    assertThatThrownBy(() -> w.attrBe16(1, value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range 0..65535: " + value);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0x4000, 0x8001})
  void refusesAttributeTypesThatCollideWithTheFlags(int type) {
    MessageWriter w = new MessageWriter().begin(0x20, 0, 1, 0);
    assertThatThrownBy(() -> w.attrU32(type, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute type out of range 0..16383: " + type);
  }

  @Test
  void refusesStringsWithNul() {
    MessageWriter w = new MessageWriter().begin(0x20, 0, 1, 0);
    assertThatThrownBy(() -> w.attrString(3, "a\0b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
  }

  @Test
  void refusesAttributesLongerThanTheLengthFieldHolds() {
    MessageWriter w = new MessageWriter().begin(0x20, 0, 1, 0);
    assertThatThrownBy(() -> w.attrBytes(1, new byte[65532]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 65535 bytes: 65536");
  }

  @Test
  void refusesCallsOutOfOrder() {
    MessageWriter w = new MessageWriter();
    assertThatThrownBy(() -> w.attrU32(1, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(w::end).isInstanceOf(IllegalStateException.class);
    w.begin(0x20, 0, 1, 0);
    assertThatThrownBy(() -> w.begin(0x20, 0, 2, 0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(w::datagram).isInstanceOf(IllegalStateException.class);
    int nest = w.beginNested(1);
    assertThatThrownBy(w::end).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> w.endNested(nest + 4)).isInstanceOf(IllegalStateException.class);
  }
}
