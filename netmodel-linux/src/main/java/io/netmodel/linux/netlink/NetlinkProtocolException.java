package io.netmodel.linux.netlink;

import io.netmodel.api.NetmodelException;

/**
 * A netlink datagram broke the protocol: a length that points past the end of the datagram,
 * a truncated header or attribute, an attribute too short for its type, a reply that makes no
 * sense for the request. The kernel never sends such bytes, so this means a bug or corruption;
 * the exchange it happened in is abandoned, and the socket stays usable.
 */
public class NetlinkProtocolException extends NetmodelException {
  private static final long serialVersionUID = 1L;

  public NetlinkProtocolException(String message) {
    super(message);
  }
}
