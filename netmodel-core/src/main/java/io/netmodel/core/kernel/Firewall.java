package io.netmodel.core.kernel;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * The firewall of one host namespace, in the terms bridge networks need rather than raw
 * rules. Each call is applied whole or not at all (one nf_tables transaction on Linux) and
 * touches only netmodel's own tables; other programs' rules and tables stay as they are.
 * Thread-safe.
 *
 * <p>What {@link #addNetwork} makes the kernel do for a network on bridge B with subnets S
 * (Docker's semantics):
 *
 * <ul>
 *   <li>masquerade, unless internal or masquerade is off: IPv4 traffic from S that leaves
 *       through an interface other than B takes that interface's address;
 *   <li>isolation: traffic routed from B to the bridge of any other network added here is
 *       dropped, both ways;
 *   <li>internal: traffic routed into or out of B is dropped (B's sandboxes still reach the
 *       gateway address on B and each other);
 *   <li>ICC off: traffic bridged between two ports of B is dropped (the gateway stays
 *       reachable).
 * </ul>
 *
 * <p>Routed traffic needs IPv4 forwarding in the host namespace: {@link #addNetwork} turns
 * {@code net.ipv4.ip_forward} on for a network that is not internal (as Docker does), and
 * never turns it off.
 */
public interface Firewall {

  /**
   * Installs the rules of one bridge network, replacing any rules of that network already
   * installed. Idempotent.
   */
  void addNetwork(BridgeRules rules);

  /**
   * Removes every rule of {@code network}; removing the last network's removes netmodel's
   * tables. Idempotent.
   */
  void removeNetwork(String network);

  /** The networks whose rules are installed, by name. */
  List<String> networks();

  /**
   * What one bridge network asks of the firewall.
   *
   * @param network the network's name (rules are kept per network)
   * @param bridge its bridge device
   * @param subnets its subnets (IPv4 ones are masqueraded)
   * @param masquerade whether outgoing IPv4 traffic takes the host's address
   * @param internal whether routed traffic into and out of the bridge is dropped
   * @param icc whether the bridge's ports may talk to each other
   */
  record BridgeRules(
      String network,
      InterfaceName bridge,
      List<IpPrefix> subnets,
      boolean masquerade,
      boolean internal,
      boolean icc) {
    public BridgeRules {
      Objects.requireNonNull(network, "network");
      Objects.requireNonNull(bridge, "bridge");
      subnets = List.copyOf(subnets);
    }
  }
}
