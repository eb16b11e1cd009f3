package io.netmodel.api.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A published port: Docker's {@code -p} value, {@code
 * [HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/tcp|udp|sctp]}.
 *
 * <pre>{@code
 * PortMapping.parse("8080:80");              // host port 8080 on every address -> 80/tcp
 * PortMapping.parse("127.0.0.1::53/udp");    // an ephemeral host port on 127.0.0.1 -> 53/udp
 * PortMapping.parse("[::1]:8000-8001:80-81") // two ports, one to one, on ::1
 * PortMapping.parse("8000-8100:80")          // one host port picked from 8000..8100 -> 80/tcp
 * }</pre>
 *
 * <p>{@link #parse} accepts what Docker's {@code nat.ParsePortSpec} (docker/go-connections)
 * accepts: the text is split at {@code ':'}; the last part is the container port (range) with
 * an optional protocol (any case, default tcp), the one before it the host port (range), and
 * everything before those the host IP, which may be IPv6 in brackets ({@code [::1]}) or bare
 * ({@code ::1:8080:80}). An empty host IP means every address; an empty or {@code 0} host port
 * means an ephemeral port. Range lengths must match, except that a single container port may
 * take a host range, from which one free port is picked. Deviations from Docker, which accepts
 * all of these: netmodel refuses container port 0, a host range starting at 0 ({@code
 * 0-100:80}), signed port numbers ({@code +80}) and empty brackets ({@code []:80:80}).
 *
 * <p>{@link #toString()} is the canonical Docker text, always with the protocol ({@code
 * 127.0.0.1:8080:80/tcp}, {@code [::1]::80/udp}, {@code 80-81/tcp}); {@link #parse} reads it
 * back. Immutable and thread-safe.
 *
 * @param hostIp the host address to bind, or empty for every address
 * @param hostPorts the host ports; {@link PortRange#ANY} for an ephemeral port
 * @param containerPorts the container ports, 1..65535
 * @param protocol the protocol
 */
public record PortMapping(
    Optional<InetAddress> hostIp,
    PortRange hostPorts,
    PortRange containerPorts,
    Protocol protocol) {

  public PortMapping {
    Objects.requireNonNull(hostIp, "hostIp");
    Objects.requireNonNull(hostPorts, "hostPorts");
    Objects.requireNonNull(containerPorts, "containerPorts");
    Objects.requireNonNull(protocol, "protocol");
    hostIp.ifPresent(
        ip -> {
          if (ip instanceof Inet6Address
              && (((Inet6Address) ip).getScopeId() != 0
                  || ((Inet6Address) ip).getScopedInterface() != null)) {
            throw new IllegalArgumentException(
                "host IP must not carry a scope: " + ip.getHostAddress());
          }
        });
    if (containerPorts.isAny()) {
      throw new IllegalArgumentException("container port out of range 1..65535: 0");
    }
    if (!hostPorts.isAny()
        && hostPorts.size() != containerPorts.size()
        && !containerPorts.isSingle()) {
      throw new IllegalArgumentException(
          "host and container port ranges must have the same length: "
              + hostPorts
              + " and "
              + containerPorts);
    }
  }

  /** Publishes TCP {@code containerPort} on an ephemeral host port on every address. */
  public static PortMapping of(int containerPort) {
    return new PortMapping(
        Optional.empty(), PortRange.ANY, PortRange.of(containerPort), Protocol.TCP);
  }

  /** Publishes TCP {@code containerPort} on host port {@code hostPort} on every address. */
  public static PortMapping of(int hostPort, int containerPort) {
    return new PortMapping(
        Optional.empty(), PortRange.of(hostPort), PortRange.of(containerPort), Protocol.TCP);
  }

  /**
   * Parses Docker's {@code -p} text; see the class description for the grammar.
   *
   * @throws IllegalArgumentException quoting {@code text} and saying what is wrong with it
   */
  public static PortMapping parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.split(":", -1);
    String ip;
    String hostPort;
    String container;
    if (parts.length == 1) {
      ip = "";
      hostPort = "";
      container = parts[0];
    } else if (parts.length == 2) {
      ip = "";
      hostPort = parts[0];
      container = parts[1];
    } else {
      int n = parts.length;
      ip = String.join(":", Arrays.asList(parts).subList(0, n - 2));
      hostPort = parts[n - 2];
      container = parts[n - 1];
    }

    int slash = container.indexOf('/');
    String containerText = slash < 0 ? container : container.substring(0, slash);
    String protocolText = slash < 0 ? "" : container.substring(slash + 1);
    if (containerText.isEmpty()) {
      throw invalid(text, "no container port");
    }
    Protocol protocol;
    try {
      protocol = protocolText.isEmpty() ? Protocol.TCP : Protocol.parse(protocolText);
    } catch (IllegalArgumentException e) {
      throw invalid(text, "protocol must be tcp, udp or sctp, got \"" + protocolText + "\"");
    }

    Optional<InetAddress> hostIp = Optional.empty();
    if (!ip.isEmpty()) {
      String literal = ip;
      if (ip.charAt(0) == '[') {
        int close = ip.indexOf(']');
        if (close != ip.length() - 1 || ip.indexOf('[', 1) >= 0) {
          throw invalid(text, "host IP in brackets must be [ADDRESS], got \"" + ip + "\"");
        }
        literal = ip.substring(1, close);
        if (literal.isEmpty()) {
          throw invalid(text, "empty host IP in brackets");
        }
      }
      try {
        hostIp = Optional.of(IpAddresses.parse(literal));
      } catch (IllegalArgumentException e) {
        throw invalid(text, "host IP is not an IP address literal: \"" + ip + "\"");
      }
    }

    PortRange containerPorts;
    try {
      containerPorts = PortRange.parse(containerText);
    } catch (IllegalArgumentException e) {
      throw invalid(text, "invalid container port \"" + containerText + "\": " + e.getMessage());
    }
    if (containerPorts.isAny()) {
      throw invalid(text, "container port out of range 1..65535: 0");
    }
    PortRange hostPorts = PortRange.ANY;
    if (!hostPort.isEmpty()) {
      try {
        hostPorts = PortRange.parse(hostPort);
      } catch (IllegalArgumentException e) {
        throw invalid(text, "invalid host port \"" + hostPort + "\": " + e.getMessage());
      }
      // Docker compares the lengths even for host port 0, so "0:80-81" is refused.
      if (hostPorts.size() != containerPorts.size() && !containerPorts.isSingle()) {
        throw invalid(
            text,
            "host and container port ranges must have the same length: "
                + hostPort
                + " and "
                + containerText);
      }
    }
    return new PortMapping(hostIp, hostPorts, containerPorts, protocol);
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid port mapping \"" + text + "\": " + why);
  }

  /** Whether the host port is left to the kernel or driver (an ephemeral port). */
  public boolean isHostPortAny() {
    return hostPorts.isAny();
  }

  /**
   * Whether the host ports are a range to pick one free port from, for a single container
   * port ({@code 8000-8100:80}), rather than ports mapped one to one.
   */
  public boolean isHostRangeDynamic() {
    return !hostPorts.isAny() && hostPorts.size() != containerPorts.size();
  }

  /** The same mapping bound to {@code ip} on the host. */
  public PortMapping withHostIp(InetAddress ip) {
    return new PortMapping(Optional.of(ip), hostPorts, containerPorts, protocol);
  }

  /** The same mapping for {@code newProtocol}. */
  public PortMapping withProtocol(Protocol newProtocol) {
    return new PortMapping(hostIp, hostPorts, containerPorts, newProtocol);
  }

  /**
   * The canonical Docker text: {@code [HOST_IP:][HOST_PORTS:]CONTAINER_PORTS/PROTOCOL}, with an
   * IPv6 host IP in brackets and an empty host port when it is any ({@code 127.0.0.1::80/tcp}).
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(32);
    if (hostIp.isPresent()) {
      InetAddress ip = hostIp.get();
      String literal = IpAddresses.toString(ip);
      b.append(ip instanceof Inet6Address ? "[" + literal + "]" : literal).append(':');
      b.append(hostPorts.isAny() ? "" : hostPorts.toString()).append(':');
    } else if (!hostPorts.isAny()) {
      b.append(hostPorts).append(':');
    }
    return b.append(containerPorts).append('/').append(protocol).toString();
  }
}
