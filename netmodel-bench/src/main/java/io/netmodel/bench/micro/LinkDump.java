package io.netmodel.bench.micro;

import io.netmodel.core.kernel.Link;
import io.netmodel.linux.netlink.NetlinkClient;
import io.netmodel.linux.netlink.NetlinkRequest;
import io.netmodel.linux.ns.LinuxNamespaces;
import io.netmodel.linux.rtnl.RtnlLinks;
import java.util.ArrayList;
import java.util.List;
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
 * A dump of 1000 links: {@code links.list()} of netmodel-linux's {@link RtnlLinks} (one
 * {@code RTM_GETLINK} dump, every message decoded to a {@link Link}, sorted by index) in a
 * throwaway namespace holding {@value #VETH_PAIRS} veth pairs (both ends there) and {@code
 * lo}. The cost a lookup by name or index avoids on a host with thousands of links.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LinkDump {
  /** 500 pairs: 1000 links, and {@code lo}. */
  static final int VETH_PAIRS = 500;

  private ThrowawayNamespace namespace;
  private RtnlLinks links;

  /**
   * The namespace and its veth pairs, created in pipelined batches of {@code RTM_NEWLINK}.
   *
   * @throws IllegalStateException if the namespace does not then hold every link
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    namespace = ThrowawayNamespace.create();
    NetlinkClient client = namespace.openRouteClient();
    links = new RtnlLinks(client, LinuxNamespaces::fdOf);
    List<NetlinkRequest> creates = new ArrayList<>(VETH_PAIRS);
    for (int i = 0; i < VETH_PAIRS; i++) {
      creates.add(VethRequest.of("va" + i, "vb" + i).request());
    }
    client.executeAll(creates);
    int count = links.list().size();
    if (count != 2 * VETH_PAIRS + 1) {
      throw new IllegalStateException(
          "expected " + (2 * VETH_PAIRS + 1) + " links (lo and " + VETH_PAIRS
              + " veth pairs) in the throwaway namespace: " + count);
    }
  }

  /** Every link of the namespace, decoded. */
  @Benchmark
  public List<Link> listLinks() {
    return links.list();
  }

  /** Removes the namespace; the kernel destroys its links in the background. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (namespace != null) {
      namespace.close();
    }
  }
}
