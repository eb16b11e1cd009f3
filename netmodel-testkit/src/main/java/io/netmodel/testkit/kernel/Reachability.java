package io.netmodel.testkit.kernel;

import io.netmodel.api.namespace.NamespaceId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The fake kernel's answer to "does a packet from this namespace reach that address, and
 * does the answer come back?", with the way it went: {@link FakeKernel#reach}.
 *
 * @param reachable whether the packet arrives in the namespace that owns the address and a
 *     reply finds its way back
 * @param destination the namespace that owns the address, when one was reached
 * @param destinationPort the port the packet arrives at there, when the question named a port:
 *     the port asked, or the sandbox port a published port's destination NAT gave it
 * @param path each step taken, readable ({@code "netns a: 172.17.0.0/16 dev eth0"}, {@code
 *     "netns a: eth0 reaches netns b's eth0 (172.17.0.3)"}, {@code "host: 198.51.100.2:8080/tcp
 *     is DNATed to 172.17.0.2:80 (endpoint k)"})
 * @param reason why it arrived or, when it did not, where and why it stopped, in the
 *     kernel's words where it has them ({@code "Network is unreachable"})
 */
public record Reachability(
    boolean reachable,
    Optional<NamespaceId> destination,
    OptionalInt destinationPort,
    List<String> path,
    String reason) {

  public Reachability {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(destinationPort, "destinationPort");
    path = List.copyOf(path);
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(reachable ? "reachable: " : "unreachable: ");
    out.append(reason);
    for (String step : path) {
      out.append("\n  ").append(step);
    }
    return out.toString();
  }
}
