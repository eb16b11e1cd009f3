package io.netmodel.bench.micro;

import io.netmodel.core.kernel.Link;
import io.netmodel.linux.netlink.MessageWriter;
import io.netmodel.linux.netlink.NetlinkMessage;
import io.netmodel.linux.netlink.NetlinkProtocolException;
import io.netmodel.linux.rtnl.LinkMessage;
import io.netmodel.linux.rtnl.RtnlLinks;
import io.netmodel.linux.rtnl.Rtnl;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Netlink message encoding and decoding, pure CPU (no kernel, no privilege): writing the
 * {@code RTM_NEWLINK} of a bridge attach's veth (peer named {@code eth0} in another namespace,
 * host end on a bridge) with netmodel-linux's {@link MessageWriter}, as {@code NetlinkClient}
 * frames a request; and reading a captured kernel reply, an {@code RTM_NEWLINK} of a veth
 * (1848 bytes), into netmodel-linux's {@link LinkMessage} and core's {@link
 * Link}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MessageCodec {
  private static final VethRequest ATTACH_VETH =
      VethRequest.of("veth1a2b3c4", "eth0").withMaster(3).withPeerNamespaceFd(42);

  private MessageWriter writer;
  private ByteBuffer reply;
  private int seq;

  /** The writer (reused, as {@code NetlinkClient} reuses its own) and the captured reply. */
  @Setup(Level.Trial)
  public void setUp() {
    writer = new MessageWriter(8192);
    reply = KernelCapture.datagrams("getlink-v0").get(0);
  }

  /** One veth-with-peer {@code RTM_NEWLINK}, header to last nested attribute. */
  @Benchmark
  public ByteBuffer encodeVethWithPeer() {
    writer.reset();
    ATTACH_VETH.writeMessage(writer, ++seq);
    return writer.datagram();
  }

  /** The captured {@code RTM_NEWLINK} reply split into messages and decoded to a {@link Link}. */
  @Benchmark
  public Link decodeNewLink() {
    for (NetlinkMessage m : NetlinkMessage.parseDatagram(reply)) {
      if (m.type() == Rtnl.RTM_NEWLINK) {
        return RtnlLinks.toLink(LinkMessage.parse(m));
      }
    }
    throw new NetlinkProtocolException("the capture holds no RTM_NEWLINK");
  }
}
