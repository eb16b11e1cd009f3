package io.netmodel.core.kernel;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.Protocol;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

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
 *       reachable);
 *   <li>direct access (Docker 28), unless internal: a new connection routed into B from
 *       another interface is dropped unless a published port destination-NATed it, so a
 *       sandbox's ports are reached from elsewhere only through the host's address and only
 *       where published. Isolation lets such published traffic through too: a sandbox of
 *       another network reaches a published port through the host's address;
 *   <li>nothing arriving from B for {@code 127.0.0.0/8} is delivered to the host (the exposure
 *       of the host's loopback services that {@code route_localnet} would otherwise open).
 * </ul>
 *
 * <p>What {@link #publish} makes the kernel do for each {@link PublishedPort} of an endpoint
 * (host address H or every local address, host port P, protocol X, sandbox address A and
 * port Q, network bridge B):
 *
 * <ul>
 *   <li>a connection (X) arriving for P at H (or at any address of the host, when H is
 *       absent) is destination-NATed to A:Q, whether it comes from another machine
 *       (prerouting), from the host itself (local output, {@code 127.0.0.1} included for an
 *       IPv4 port on every address or on a loopback address: {@code route_localnet} is turned
 *       on for B), or from a sandbox (hairpin);
 *   <li>DNATed traffic to A that goes out through B from the host itself, routed in from B,
 *       or from A itself is masqueraded, so the reply comes back through the host and is
 *       un-NATed (the host's {@code 127.0.0.1}, a sandbox reaching its own published port).
 * </ul>
 *
 * <p>Routed traffic needs forwarding in the host namespace: {@link #addNetwork} turns {@code
 * net.ipv4.ip_forward} on for a network that is not internal, and {@code
 * net.ipv6.conf.all.forwarding} too when it has an IPv6 subnet (as Docker does), and never
 * turns them off.
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
   * Installs the published ports of one endpoint, replacing any it had. An endpoint with no
   * ports is the same as {@link #unpublish}. Idempotent.
   */
  void publish(PortRules rules);

  /** Removes every published port of {@code endpoint}. Idempotent. */
  void unpublish(String endpoint);

  /** The endpoints whose published ports are installed, by key. */
  List<String> publications();

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

  /**
   * What one endpoint publishes: its ports, kept under {@code endpoint}, a key made of
   * letters, digits and {@code _ . - /}, 1..200 characters (the Linux port names a chain
   * after it).
   *
   * @param endpoint the key the rules are kept under
   * @param network the endpoint's network (for messages)
   * @param bridge the network's bridge, through which the sandbox is reached
   * @param ports the ports, each host port given (ranges and ephemeral ports already chosen)
   */
  record PortRules(
      String endpoint, String network, InterfaceName bridge, List<PublishedPort> ports) {
    private static final Pattern KEY =
        Pattern.compile("[A-Za-z0-9_./-]{1,200}");

    public PortRules {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(network, "network");
      Objects.requireNonNull(bridge, "bridge");
      checkEndpoint(endpoint);
      ports = List.copyOf(ports);
    }

    /**
     * Checks an endpoint key.
     *
     * @throws IllegalArgumentException quoting the key
     */
    public static String checkEndpoint(String endpoint) {
      if (!KEY.matcher(endpoint).matches()) {
        throw new IllegalArgumentException(
            "endpoint key must be 1..200 of [A-Za-z0-9_./-]: \"" + endpoint + "\"");
      }
      return endpoint;
    }
  }

  /**
   * One published port: {@code hostPort} on {@code hostIp} (every address of the host when
   * empty) to {@code sandboxAddress}:{@code sandboxPort}, for {@code protocol}. The host
   * address, when given, is of the sandbox address's family; the family says which table
   * holds the rules.
   */
  record PublishedPort(
      Optional<InetAddress> hostIp,
      int hostPort,
      InetAddress sandboxAddress,
      int sandboxPort,
      Protocol protocol) {
    public PublishedPort {
      Objects.requireNonNull(hostIp, "hostIp");
      Objects.requireNonNull(sandboxAddress, "sandboxAddress");
      Objects.requireNonNull(protocol, "protocol");
      checkPort(hostPort, "host port");
      checkPort(sandboxPort, "sandbox port");
      hostIp.ifPresent(
          ip -> {
            if ((ip instanceof Inet4Address) != (sandboxAddress instanceof Inet4Address)) {
              throw new IllegalArgumentException(
                  "host address " + IpAddresses.toString(ip) + " and sandbox address "
                      + IpAddresses.toString(sandboxAddress) + " are of different families");
            }
          });
    }

    /** Whether the rules are IPv4 ones. */
    public boolean isIpv4() {
      return sandboxAddress instanceof Inet4Address;
    }

    private static void checkPort(int port, String what) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(what + " out of range 1..65535: " + port);
      }
    }

    /** {@code [HOST_IP:]HOST_PORT->ADDRESS:PORT/PROTOCOL}, as Docker prints a port. */
    @Override
    public String toString() {
      String host = hostIp.map(ip -> (ip instanceof Inet4Address
          ? IpAddresses.toString(ip) : "[" + IpAddresses.toString(ip) + "]") + ":").orElse("");
      String sandbox = sandboxAddress instanceof Inet4Address
          ? IpAddresses.toString(sandboxAddress)
          : "[" + IpAddresses.toString(sandboxAddress) + "]";
      return host + hostPort + "->" + sandbox + ":" + sandboxPort + "/" + protocol;
    }
  }
}
