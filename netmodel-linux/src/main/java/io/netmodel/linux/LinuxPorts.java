package io.netmodel.linux;

import io.netmodel.api.KernelException;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.PortRange;
import io.netmodel.api.net.Protocol;
import io.netmodel.core.kernel.Ports;
import io.netmodel.linux.sys.Errnos;
import io.netmodel.linux.sys.Syscalls;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host ports of one namespace held by sockets of the real kernel: each {@link #hold} makes a
 * socket ({@code SOCK_CLOEXEC}, so child processes do not inherit the port) on a thread inside
 * the namespace, since a socket belongs to the namespace it is created in, and then binds it
 * from the calling thread. The socket never listens: it only keeps the address and port from
 * every other bind in that namespace.
 *
 * <pre>{@code
 * Ports ports = kernel.ports(host);
 * try (Ports.HeldPort held =
 *     ports.hold(IpAddresses.parse("0.0.0.0"), Protocol.TCP, PortRange.ANY)) {
 *   int chosen = held.port(); // from the namespace's net.ipv4.ip_local_port_range
 * }
 * }</pre>
 *
 * <p>A port of a range is taken by trying each port in order, first to last, on one socket;
 * {@code EADDRINUSE} moves on to the next, any other refusal ends the search. An IPv6 socket is
 * made IPv6-only ({@code IPV6_V6ONLY}), so {@code ::} and {@code 0.0.0.0} of one port are held
 * separately. A held port nobody closes stays held until the JVM exits.
 *
 * <p>Thread-safe: it keeps no state but the namespace.
 */
final class LinuxPorts implements Ports {
  private static final Logger log = LoggerFactory.getLogger(LinuxPorts.class);

  // bits/socket.h (glibc): address families.
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;

  // bits/socket_type.h (glibc): socket types and flags.
  static final int SOCK_STREAM = 1;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_CLOEXEC = 02000000;

  // linux/in.h: protocol level of IPv6 socket options.
  static final int IPPROTO_IPV6 = 41;

  // linux/in6.h: socket option at level IPPROTO_IPV6.
  static final int IPV6_V6ONLY = 26;

  // linux/in.h: struct sockaddr_in is {u16 sin_family, be16 sin_port, be32 sin_addr,
  // u8 __pad[8]}.
  static final int SOCKADDR_IN_SIZE = 16;

  // linux/in6.h: struct sockaddr_in6 is {u16 sin6_family, be16 sin6_port, be32 sin6_flowinfo,
  // u8 sin6_addr[16], u32 sin6_scope_id}.
  static final int SOCKADDR_IN6_SIZE = 28;
  private static final int SIN6_ADDR_OFFSET = 8;
  private static final int SIN6_SCOPE_ID_OFFSET = 24;

  // Both structures keep the family at offset 0 and the port at offset 2.
  private static final int PORT_OFFSET = 2;

  // asm-generic/errno.h.
  private static final int EADDRINUSE = 98;

  private final NamespaceHandle namespace;

  LinuxPorts(NamespaceHandle namespace) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /**
   * {@inheritDoc}
   *
   * <p>Errors name the call ({@code socket}, {@code setsockopt}, {@code bind}) and the socket,
   * as in {@code bind tcp 0.0.0.0:8080 in netns web failed: EADDRINUSE (Address already in use)}.
   */
  @Override
  public HeldPort hold(InetAddress address, Protocol protocol, PortRange candidates) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(candidates, "candidates");
    int fd = open(address, protocol, describe(protocol, address, candidates));
    try {
      int port = bind(fd, address, protocol, candidates);
      log.debug("holding {}", describe(protocol, address, PortRange.of(port)));
      return new Held(fd, address, port, protocol, describe(protocol, address, PortRange.of(port)));
    } catch (RuntimeException e) {
      try {
        Syscalls.close(fd, describe(protocol, address, candidates));
      } catch (KernelException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** A socket of {@code protocol} for {@code address}'s family, made inside the namespace. */
  private int open(InetAddress address, Protocol protocol, String object) {
    int family = address instanceof Inet6Address ? AF_INET6 : AF_INET;
    int type = (protocol == Protocol.UDP ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC;
    int fd;
    try {
      fd = namespace.call(() -> Syscalls.socket(family, type, protocol.ipProtocol(), object));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a socket in namespace " + namespace.id(), e);
    }
    if (family == AF_INET6) {
      try {
        Syscalls.setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1, "IPV6_V6ONLY on " + object);
      } catch (RuntimeException e) {
        try {
          Syscalls.close(fd, object);
        } catch (KernelException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }
    return fd;
  }

  /** Binds {@code fd} to a port of {@code candidates} and returns the port bound. */
  private int bind(int fd, InetAddress address, Protocol protocol, PortRange candidates) {
    if (candidates.isAny()) {
      String object = describe(protocol, address, candidates);
      Syscalls.bind(fd, sockaddr(address, 0), object);
      ByteBuffer bound = ByteBuffer.allocateDirect(SOCKADDR_IN6_SIZE);
      Syscalls.getsockname(fd, bound, object);
      return portOf(bound);
    }
    for (int port = candidates.first(); port <= candidates.last(); port++) {
      try {
        Syscalls.bind(fd, sockaddr(address, port), describe(protocol, address, PortRange.of(port)));
        return port;
      } catch (KernelException e) {
        if (e.errno() != EADDRINUSE || candidates.isSingle()) {
          throw e;
        }
      }
    }
    throw Errnos.exception("bind", describe(protocol, address, candidates), EADDRINUSE, null);
  }

  /**
   * {@code address} and {@code port} as the kernel's {@code struct sockaddr_in} (for an IPv4
   * address) or {@code struct sockaddr_in6} (IPv6, with its scope id), in a direct buffer
   * positioned at 0 and limited to the structure's size.
   */
  static ByteBuffer sockaddr(InetAddress address, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
    byte[] bytes = address.getAddress();
    boolean v6 = address instanceof Inet6Address;
    ByteBuffer b =
        ByteBuffer.allocateDirect(v6 ? SOCKADDR_IN6_SIZE : SOCKADDR_IN_SIZE)
            .order(ByteOrder.nativeOrder());
    b.putShort(0, (short) (v6 ? AF_INET6 : AF_INET));
    b.put(PORT_OFFSET, (byte) (port >>> 8)).put(PORT_OFFSET + 1, (byte) port);
    if (v6) {
      b.put(SIN6_ADDR_OFFSET, bytes);
      b.putInt(SIN6_SCOPE_ID_OFFSET, ((Inet6Address) address).getScopeId());
    } else {
      b.put(4, bytes);
    }
    return b;
  }

  /** The port of a {@code struct sockaddr_in} or {@code sockaddr_in6} at position 0. */
  static int portOf(ByteBuffer sockaddr) {
    return ((sockaddr.get(PORT_OFFSET) & 0xff) << 8) | (sockaddr.get(PORT_OFFSET + 1) & 0xff);
  }

  /** {@code tcp 0.0.0.0:8080 in netns web}, {@code udp [::]:8000-8010 in netns ...}. */
  private String describe(Protocol protocol, InetAddress address, PortRange ports) {
    String text = IpAddresses.toString(address);
    String host = address instanceof Inet4Address ? text : "[" + text + "]";
    String where =
        namespace
            .name()
            .or(() -> namespace.path().map(Object::toString))
            .orElseGet(() -> namespace.id().toString());
    return protocol + " " + host + ":" + ports + " in netns " + where;
  }

  /** A bound socket; closing it releases the port. */
  private static final class Held implements HeldPort {
    private final int fd;
    private final InetAddress address;
    private final int port;
    private final Protocol protocol;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    Held(int fd, InetAddress address, int port, Protocol protocol, String description) {
      this.fd = fd;
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
      if (closed.compareAndSet(false, true)) {
        log.debug("releasing {}", description);
        Syscalls.close(fd, description);
      }
    }

    @Override
    public String toString() {
      return description;
    }
  }
}
