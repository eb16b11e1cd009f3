package io.netmodel.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.linux.netlink.MessageWriter;
import io.netmodel.linux.netlink.Netlink;
import io.netmodel.linux.netlink.NetlinkAttributes;
import io.netmodel.linux.netlink.NetlinkMessage;
import io.netmodel.linux.rtnl.Ifla;
import io.netmodel.linux.rtnl.Rtnl;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class VethRequestTest {
  @Test
  void writesAnExclusiveCreateWithThePeerNamedInItsNamespaceAndTheHostEndOnTheBridge() {
    MessageWriter w = new MessageWriter();
    VethRequest.of("veth1a2b", "eth0").withMaster(3).withPeerNamespaceFd(42).writeMessage(w, 7);

    List<NetlinkMessage> messages = NetlinkMessage.parseDatagram(w.datagram());

    assertThat(messages).hasSize(1);
    NetlinkMessage m = messages.get(0);
    assertThat(m.type()).isEqualTo(Rtnl.RTM_NEWLINK);
    assertThat(m.flags())
        .isEqualTo(
            Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE
                | Netlink.NLM_F_EXCL);
    assertThat(m.seq()).isEqualTo(7);
    assertThat(m.s32(4)).as("ifi_index").isZero();
    NetlinkAttributes a = m.attributes(Ifla.IFINFOMSG_SIZE);
    assertThat(a.string(Ifla.IFLA_IFNAME)).hasValue("veth1a2b");
    assertThat(a.u32(Ifla.IFLA_MASTER)).hasValue(3);
    assertThat(a.has(Ifla.IFLA_NET_NS_FD)).as("the host end stays here").isFalse();
    NetlinkAttributes info = a.nested(Ifla.IFLA_LINKINFO).orElseThrow();
    assertThat(info.string(Ifla.IFLA_INFO_KIND)).hasValue("veth");
    NetlinkAttributes peer =
        info.nested(Ifla.IFLA_INFO_DATA).orElseThrow()
            .find(Ifla.VETH_INFO_PEER).orElseThrow()
            .nestedAfter(Ifla.IFINFOMSG_SIZE);
    assertThat(peer.string(Ifla.IFLA_IFNAME)).hasValue("eth0");
    assertThat(peer.u32(Ifla.IFLA_NET_NS_FD)).hasValue(42);
  }

  @Test
  void leavesOutMasterAndPeerNamespaceWhenAbsent() {
    MessageWriter w = new MessageWriter();
    VethRequest.of("va0", "vb0").writeMessage(w, 1);

    NetlinkAttributes a =
        NetlinkMessage.parseDatagram(w.datagram()).get(0).attributes(Ifla.IFINFOMSG_SIZE);

    assertThat(a.has(Ifla.IFLA_MASTER)).isFalse();
    NetlinkAttributes peer =
        a.nested(Ifla.IFLA_LINKINFO).orElseThrow()
            .nested(Ifla.IFLA_INFO_DATA).orElseThrow()
            .find(Ifla.VETH_INFO_PEER).orElseThrow()
            .nestedAfter(Ifla.IFINFOMSG_SIZE);
    assertThat(peer.string(Ifla.IFLA_IFNAME)).hasValue("vb0");
    assertThat(peer.has(Ifla.IFLA_NET_NS_FD)).isFalse();
  }

  @Test
  void requestNamesTheOperationAndBothEnds() {
    var request = VethRequest.of("va0", "vb0").request();

    assertThat(request.operation()).isEqualTo("RTM_NEWLINK");
    assertThat(request.object()).isEqualTo("va0 (veth, peer vb0)");
    assertThat(request.type()).isEqualTo(Rtnl.RTM_NEWLINK);
    assertThat(request.flags()).isEqualTo(Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL);
  }

  @Test
  void refusesAMasterThatIsNotALinkIndex() {
    assertThatThrownBy(() -> VethRequest.of("va0", "vb0").withMaster(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("master must be a positive link index: 0");
  }

  @Test
  void refusesANegativeNamespaceDescriptor() {
    assertThatThrownBy(() -> VethRequest.of("va0", "vb0").withPeerNamespaceFd(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("peer namespace descriptor must not be negative: -1");
  }

  @Test
  void refusesANameTheKernelWouldRefuse() {
    assertThatThrownBy(() -> VethRequest.of("a-name-of-16-byt", "eth0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a-name-of-16-byt");
    assertThat(new VethRequest(
            io.netmodel.api.net.InterfaceName.of("va0"),
            io.netmodel.api.net.InterfaceName.of("vb0"),
            OptionalInt.empty(),
            OptionalInt.empty()))
        .isEqualTo(VethRequest.of("va0", "vb0"));
  }
}
