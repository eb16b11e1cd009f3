package io.netmodel.testkit.kernel;

import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.PortRange;
import io.netmodel.api.net.Protocol;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Host ports of one fake namespace, held as bound sockets are held on Linux: a port is taken
 * for one protocol and one address family, by one address or by the unspecified address
 * ({@code 0.0.0.0}, or {@code ::}, which is IPv6-only as the Linux port makes it); a bound
 * port clashes with another bind of the same protocol, family and port when either address
 * is unspecified or both are the same, and the bind is refused with {@code EADDRINUSE}. An
 * address that is not one of the namespace's ({@code 127.0.0.0/8} once {@code lo} has
 * {@code 127.0.0.1/8}) is {@code EADDRNOTAVAIL}. Declared difference: Linux lets any IPv4
 * address be bound in a namespace that never had an IPv4 address (its local routing table is
 * not made yet); the fake refuses a foreign address there too.
 *
 * <p>{@link PortRange#ANY} takes the lowest free port of the namespace's {@code
 * ipv4/ip_local_port_range} (for IPv6 too, as on Linux): deterministic, where Linux picks at
 * random within the range; callers may rely only on the port lying in the range. A range
 * takes its first free port, a single port that port.
 *
 * <p>As a socket does on Linux, a held port keeps its namespace alive (a deleted namespace
 * is destroyed once its last port is released). Refusals carry the operation {@code bind}
 * and the object {@code tcp 0.0.0.0:8080 in netns web}, as the Linux port's do. Thread-safe:
 * every call runs under the kernel's lock.
 */
final class FakePorts implements Ports {
  private static final String PORT_RANGE = "ipv4/ip_local_port_range";

  private final KernelState state;
  private final NetNamespace ns;
  private final String where;

  /**
   * @param where how errors name the namespace ({@code web}, a path or an id)
   */
  FakePorts(KernelState state, NetNamespace ns, String where) {
    this.state = state;
    this.ns = ns;
    this.where = where;
  }

  @Override
  public HeldPort hold(InetAddress address, Protocol protocol, PortRange candidates) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(candidates, "candidates");
    synchronized (state) {
      if (!ns.alive) {
        throw new IllegalStateException(ns + " no longer exists");
      }
      if (!address.isAnyLocalAddress() && !isLocal(address)) {
        throw Errno.EADDRNOTAVAIL.of("bind", describe(protocol, address, candidates));
      }
      int first = candidates.first();
      int last = candidates.last();
      if (candidates.isAny()) {
        int[] range = ephemeralRange();
        first = range[0];
        last = range[1];
      }
      for (int port = first; port <= last; port++) {
        if (isFree(address, protocol, port)) {
          Held held = new Held(address, port, protocol, describe(protocol, address,
              PortRange.of(port)));
          ns.heldPorts.add(held);
          state.retain(ns);
          return held;
        }
      }
      throw Errno.EADDRINUSE.of("bind", describe(protocol, address, candidates));
    }
  }

  private boolean isFree(InetAddress address, Protocol protocol, int port) {
    for (Held other : ns.heldPorts) {
      if (other.protocol == protocol && other.port == port
          && (other.address instanceof Inet4Address) == (address instanceof Inet4Address)
          && (other.address.isAnyLocalAddress() || address.isAnyLocalAddress()
              || other.address.equals(address))) {
        return false;
      }
    }
    return true;
  }

  /** Whether a socket may bind {@code address}: one of the namespace's addresses. */
  private boolean isLocal(InetAddress address) {
    for (AddressEntry a : ns.addresses) {
      if (a.prefix().address().equals(address)) {
        return true;
      }
      LinkState link = ns.links.get(a.index());
      if (link != null && link.isLoopback() && a.prefix().isIpv4() && address.isLoopbackAddress()
          && a.prefix().contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The namespace's {@code ip_local_port_range}, as {low, high}. */
  private int[] ephemeralRange() {
    String value = ns.sysctls.getOrDefault(PORT_RANGE, "");
    String[] parts = value.trim().split("\\s+");
    try {
      if (parts.length == 2) {
        int low = Integer.parseInt(parts[0]);
        int high = Integer.parseInt(parts[1]);
        if (low >= 1 && low <= high && high <= 65535) {
          return new int[] {low, high};
        }
      }
    } catch (NumberFormatException e) {
      // Reported below with the value.
    }
    throw new UncheckedIOException("bind in " + ns + " failed", new IOException(
        "net." + PORT_RANGE.replace('/', '.') + " is not a range LOW HIGH: \"" + value + "\""));
  }

  /** {@code tcp 0.0.0.0:8080 in netns web}, {@code udp [::]:8000-8010 in netns web}. */
  private String describe(Protocol protocol, InetAddress address, PortRange ports) {
    String text = IpAddresses.toString(address);
    String host = address instanceof Inet4Address ? text : "[" + text + "]";
    return protocol + " " + host + ":" + ports + " in netns " + where;
  }

  /** A port bound in the namespace until closed. */
  final class Held implements HeldPort {
    private final InetAddress address;
    private final int port;
    private final Protocol protocol;
    private final String description;
    private boolean closed;

    Held(InetAddress address, int port, Protocol protocol, String description) {
      this.address = address;
      this.port = port;
      this.protocol = protocol;
      this.description = description;
    }

    @Override
    public InetAddress address() {
      return address;
    }

    @Override
    public int port() {
      return port;
    }

    @Override
    public Protocol protocol() {
      return protocol;
    }

    @Override
    public void close() {
      synchronized (state) {
        if (closed) {
          return;
        }
        closed = true;
        ns.heldPorts.remove(this);
        state.release(ns);
      }
    }

    @Override
    public String toString() {
      return description;
    }
  }
}
