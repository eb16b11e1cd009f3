package io.netmodel.linux.ns;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.linux.netlink.Netlink;
import io.netmodel.linux.netlink.NetlinkSocket;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A netlink socket opened inside a namespace serves that namespace, from any thread. */
class NetlinkInNamespaceLinuxTest {
  // linux/rtnetlink.h: message types.
  private static final short RTM_NEWLINK = 16;
  private static final short RTM_GETLINK = 18;
  // linux/if_link.h: link attributes.
  private static final int IFLA_IFNAME = 3;
  // linux/netlink.h: nlmsghdr size; linux/rtnetlink.h: struct ifinfomsg is 16 bytes.
  private static final int NLMSG_HDRLEN = 16;
  private static final int IFINFOMSG_LEN = 16;

  private NamespaceFixture fixture;

  @BeforeEach
  void setUp() {
    KernelPrivilege.requireNamespaceAdmin();
    fixture = NamespaceFixture.inTemporaryDirectory();
  }

  @AfterEach
  void tearDown() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void socketOpenedInsideSeesOnlyTheNamespacesLinks() throws Exception {
    LinuxNamespaceHandle ns = fixture.create();
    try (NetlinkSocket socket = ns.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE))) {
      assertThat(socket.portId()).isNotZero();
      assertThat(socket.protocol()).isEqualTo(Netlink.NETLINK_ROUTE);

      assertThat(dumpLinkNames(socket)).containsExactly("lo"); // from the test's own thread
    }
  }

  @Test
  void dumpOfManyLinksArrivesWhole() throws Exception {
    LinuxNamespaceHandle ns = fixture.create();
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      batch
          .append("link add nmv")
          .append(i)
          .append(" type veth peer name nmp")
          .append(i)
          .append('\n');
    }
    Process ip = ns.start(new ProcessBuilder("ip", "-batch", "-"));
    ip.getOutputStream().write(batch.toString().getBytes(StandardCharsets.UTF_8));
    ip.getOutputStream().close();
    assertThat(ip.waitFor()).isZero();

    try (NetlinkSocket socket = ns.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE))) {
      assertThat(dumpLinkNames(socket)).hasSize(301).contains("lo", "nmv0", "nmp149");
    }
  }

  /** RTM_GETLINK dump, encoded and decoded by hand. */
  static List<String> dumpLinkNames(NetlinkSocket socket) {
    ByteBuffer request =
        ByteBuffer.allocate(NLMSG_HDRLEN + IFINFOMSG_LEN).order(ByteOrder.nativeOrder());
    request.putInt(NLMSG_HDRLEN + IFINFOMSG_LEN);
    request.putShort(RTM_GETLINK);
    request.putShort((short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP));
    request.putInt(1); // sequence number
    request.putInt(0); // port id: the kernel fills it in
    request.put(new byte[IFINFOMSG_LEN]).flip();
    socket.send(request);

    List<String> names = new ArrayList<>();
    while (true) {
      ByteBuffer datagram = socket.receive();
      assertThat(datagram.position()).isZero();
      int offset = 0;
      while (offset < datagram.limit()) {
        int length = datagram.getInt(offset);
        int type = datagram.getShort(offset + 4);
        if (type == Netlink.NLMSG_DONE) {
          return names;
        }
        assertThat(type).as("message type").isEqualTo(RTM_NEWLINK);
        int attr = offset + NLMSG_HDRLEN + IFINFOMSG_LEN;
        while (attr < offset + length) {
          int attrLength = datagram.getShort(attr) & 0xFFFF;
          if ((datagram.getShort(attr + 2) & Netlink.NLA_TYPE_MASK) == IFLA_IFNAME) {
            byte[] name = new byte[attrLength - 4 - 1];
            datagram.get(attr + 4, name);
            names.add(new String(name, StandardCharsets.US_ASCII));
          }
          attr += (attrLength + 3) & ~3;
        }
        offset += (length + 3) & ~3;
      }
    }
  }
}
