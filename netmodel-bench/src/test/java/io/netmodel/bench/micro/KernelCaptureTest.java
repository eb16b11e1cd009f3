package io.netmodel.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.linux.netlink.Netlink;
import io.netmodel.linux.netlink.NetlinkMessage;
import io.netmodel.linux.rtnl.LinkMessage;
import io.netmodel.linux.rtnl.Rtnl;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelCaptureTest {
  @Test
  void theCapturedReplyIsTheNewLinkOfVethV0ThenItsAcknowledgement() {
    List<ByteBuffer> datagrams = KernelCapture.datagrams("getlink-v0");

    assertThat(datagrams).hasSize(2);
    assertThat(datagrams.get(0).remaining()).isEqualTo(1848);
    NetlinkMessage reply = NetlinkMessage.parseDatagram(datagrams.get(0)).get(0);
    assertThat(reply.type()).isEqualTo(Rtnl.RTM_NEWLINK);
    LinkMessage link = LinkMessage.parse(reply);
    assertThat(link.name()).isEqualTo("v0");
    assertThat(link.kind()).hasValue("veth");
    assertThat(link.mtu()).isEqualTo(1400);
    assertThat(link.address()).hasValue("02:00:00:00:00:01");
    NetlinkMessage ack = NetlinkMessage.parseDatagram(datagrams.get(1)).get(0);
    assertThat(ack.type()).isEqualTo(Netlink.NLMSG_ERROR);
    assertThat(ack.s32(0)).isZero();
  }

  @Test
  void theDecodeBenchmarkReturnsTheCapturedLink() {
    MessageCodec codec = new MessageCodec();
    codec.setUp();

    assertThat(codec.decodeNewLink().name()).isEqualTo("v0");
    assertThat(codec.decodeNewLink().mtu()).isEqualTo(1400);
  }

  @Test
  void theEncodeBenchmarkWritesOneMessageWithAFreshSequenceNumberEachTime() {
    MessageCodec codec = new MessageCodec();
    codec.setUp();

    NetlinkMessage first = NetlinkMessage.parseDatagram(codec.encodeVethWithPeer()).get(0);
    NetlinkMessage second = NetlinkMessage.parseDatagram(codec.encodeVethWithPeer()).get(0);

    assertThat(first.type()).isEqualTo(Rtnl.RTM_NEWLINK);
    assertThat(second.seq()).isEqualTo(first.seq() + 1);
  }

  @Test
  void refusesAnUnknownCaptureNamingIt() {
    assertThatThrownBy(() -> KernelCapture.datagrams("getlink-v9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("getlink-v9.hex");
  }
}
