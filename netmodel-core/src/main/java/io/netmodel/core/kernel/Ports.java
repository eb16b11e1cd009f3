package io.netmodel.core.kernel;

import io.netmodel.api.net.PortRange;
import io.netmodel.api.net.Protocol;
import java.net.InetAddress;

/**
 * Host ports held for published ports, in one namespace: a socket bound to the address and
 * port (not listening), so that no other program binds the port while netmodel's rules send
 * its traffic to a sandbox, and so that a port taken by another program is refused before any
 * rule is made. Thread-safe.
 */
public interface Ports {

  /**
   * Binds a {@code protocol} socket to {@code address} and a port of {@code candidates}: the
   * kernel's choice from its ephemeral range ({@code net.ipv4.ip_local_port_range}) for {@link
   * PortRange#ANY}, else the first port of the range that is free. An unspecified IPv6 address
   * ({@code ::}) binds IPv6 only, so it does not take the port of {@code 0.0.0.0}.
   *
   * @throws io.netmodel.api.KernelException EADDRINUSE when no port of the range is free,
   *     EADDRNOTAVAIL when {@code address} is not the host's, EPROTONOSUPPORT when the kernel
   *     lacks the protocol (SCTP)
   */
  HeldPort hold(InetAddress address, Protocol protocol, PortRange candidates);

  /** A held port; closing it lets the port go. */
  interface HeldPort extends AutoCloseable {
    /** The address the socket is bound to. */
    InetAddress address();

    /** The port bound. */
    int port();

    /** The socket's protocol. */
    Protocol protocol();

    /** Releases the port. Idempotent. */
    @Override
    void close();
  }
}
