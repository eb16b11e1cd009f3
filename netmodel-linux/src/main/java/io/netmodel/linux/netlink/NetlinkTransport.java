package io.netmodel.linux.netlink;

/**
 * One open netlink socket, seen as a datagram pipe: the seam between the netlink codec and
 * request engine ({@link NetlinkClient}) and the system calls that move the bytes.
 *
 * <p>The real implementation is {@code NetlinkSocket}; tests script an in-memory fake.
 *
 * <p>Thread-safety: implementations need not be thread-safe; {@link NetlinkClient} serializes
 * its use of a transport.
 */
public interface NetlinkTransport extends AutoCloseable {
  /** Sends one datagram holding one or more netlink messages: the bytes from position to limit. */
  void send(java.nio.ByteBuffer datagram);

  /**
   * Blocks until one datagram arrives; returns it as a read-only-style buffer positioned at 0,
   * little-endian (native order). Never truncates: sizes its buffer to the datagram.
   */
  java.nio.ByteBuffer receive();

  /** The netlink port id the kernel bound this socket to (nl_pid). */
  int portId();

  /** The NETLINK_* protocol, e.g. NETLINK_ROUTE = 0. */
  int protocol();

  @Override
  void close();
}
