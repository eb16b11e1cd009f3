package io.netmodel.bench.micro;

import io.netmodel.linux.netlink.NetlinkClient;
import io.netmodel.linux.netlink.NetlinkRequest;
import io.netmodel.linux.ns.LinuxNamespaces;
import io.netmodel.linux.rtnl.LinkMessage;
import io.netmodel.linux.rtnl.Rtnl;
import io.netmodel.linux.rtnl.RtnlLinks;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A netlink request and its answer, through netmodel-linux's {@link NetlinkClient} on a
 * {@code NETLINK_ROUTE} socket opened inside a throwaway namespace (as the kernel port opens
 * one per namespace, then uses it from any thread): {@code RTM_SETLINK} of {@code lo} that
 * changes nothing (request, acknowledgement: the bare round trip, the kernel's rtnl lock
 * included), and {@code RTM_GETLINK} of one index decoded to a {@link LinkMessage} (request,
 * reply, acknowledgement).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NetlinkRoundTrip {
  /** {@code lo} is the first link of every network namespace. */
  private static final int LOOPBACK_INDEX = 1;

  private static final NetlinkRequest SET_LOOPBACK_NO_CHANGE =
      NetlinkRequest.of(
          "RTM_SETLINK",
          "link " + LOOPBACK_INDEX + " (no change)",
          Rtnl.RTM_SETLINK,
          0,
          w -> w.u8(Rtnl.AF_UNSPEC).u8(0).u16(0).u32(LOOPBACK_INDEX).u32(0).u32(0));

  private ThrowawayNamespace namespace;
  private NetlinkClient client;
  private RtnlLinks links;

  /** The namespace and the client of a socket opened inside it. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    namespace = ThrowawayNamespace.create();
    client = namespace.openRouteClient();
    links = new RtnlLinks(client, LinuxNamespaces::fdOf);
  }

  /** {@code RTM_SETLINK} of {@code lo} with nothing to change: request and acknowledgement. */
  @Benchmark
  public void setLinkNoChange() {
    client.execute(SET_LOOPBACK_NO_CHANGE);
  }

  /** {@code RTM_GETLINK} of index 1: request, the link's {@code RTM_NEWLINK}, acknowledgement. */
  @Benchmark
  public Optional<LinkMessage> getLinkByIndex() {
    return links.find(LOOPBACK_INDEX);
  }

  /** Closes the socket and removes the namespace. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (namespace != null) {
      namespace.close();
    }
  }
}
