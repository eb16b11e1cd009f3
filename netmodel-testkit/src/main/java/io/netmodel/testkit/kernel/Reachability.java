package io.netmodel.testkit.kernel;

import io.netmodel.api.namespace.NamespaceId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fake kernel's answer to "does a packet from this namespace reach that address, and
 * does the answer come back?", with the way it went: {@link FakeKernel#reach}.
 *
 * @param reachable whether the packet arrives in the namespace that owns the address and a
 *     reply finds its way back
 * @param destination the namespace that owns the address, when one was reached
 * @param path each step taken, readable ({@code "ns a: 172.17.0.0/16 dev eth0"}, {@code "ns
 *     a: eth0 reaches ns b's eth0 (172.17.0.3) over bridge nm0"})
 * @param reason why it arrived or, when it did not, where and why it stopped, in the
 *     kernel's words where it has them ({@code "Network is unreachable"})
 */
public record Reachability(
    boolean reachable, Optional<NamespaceId> destination, List<String> path, String reason) {

  public Reachability {
    Objects.requireNonNull(destination, "destination");
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
