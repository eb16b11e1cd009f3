package io.netmodel.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One received netlink message: the fields of its {@code struct nlmsghdr} and its payload (the
 * family's fixed header followed by attributes). Reads are bounds-checked and throw {@link
 * NetlinkProtocolException} instead of running off the end.
 *
 * <pre>{@code
 * for (NetlinkMessage m : NetlinkMessage.parseDatagram(transport.receive())) {
 *   int index = m.s32(4);                                   // ifinfomsg.ifi_index
 *   Optional<String> name = m.attributes(16).string(Ifla.IFLA_IFNAME);
 * }
 * }</pre>
 *
 * <p>Immutable view over the received datagram; thread-safe.
 */
public final class NetlinkMessage {
  private final int type;
  private final int flags;
  private final int seq;
  private final int portId;
  private final ByteBuffer payload;

  private NetlinkMessage(int type, int flags, int seq, int portId, ByteBuffer payload) {
    this.type = type;
    this.flags = flags;
    this.seq = seq;
    this.portId = portId;
    this.payload = payload;
  }

  /**
   * Splits a datagram (its bytes from position to limit) into its messages.
   *
   * @throws NetlinkProtocolException if a header is truncated or a length lies
   */
  public static List<NetlinkMessage> parseDatagram(ByteBuffer datagram) {
    ByteBuffer in = datagram.slice().order(ByteOrder.nativeOrder());
    int end = in.limit();
    List<NetlinkMessage> out = new ArrayList<>();
    int offset = 0;
    while (offset < end) {
      if (end - offset < Netlink.NLMSG_HDRLEN) {
        throw new NetlinkProtocolException(
            "truncated netlink header at offset " + offset + ": " + (end - offset)
                + " bytes left");
      }
      int length = in.getInt(offset);
      int type = in.getShort(offset + 4) & 0xFFFF;
      if (length < Netlink.NLMSG_HDRLEN) {
        throw new NetlinkProtocolException(
            "netlink message length below 16 at offset " + offset + ": "
                + Integer.toUnsignedString(length));
      }
      if (length > end - offset) {
        throw new NetlinkProtocolException(
            "netlink message of type " + type + " at offset " + offset + " claims " + length
                + " bytes, only " + (end - offset) + " left");
      }
      ByteBuffer payload =
          in.slice(offset + Netlink.NLMSG_HDRLEN, length - Netlink.NLMSG_HDRLEN)
              .order(ByteOrder.nativeOrder());
      out.add(
          new NetlinkMessage(
              type,
              in.getShort(offset + 6) & 0xFFFF,
              in.getInt(offset + 8),
              in.getInt(offset + 12),
              payload));
      // The last message of a datagram may lack its padding.
      offset = Math.min(end, offset + Netlink.align(length));
    }
    return List.copyOf(out);
  }

  /** {@code nlmsg_type}. */
  public int type() {
    return type;
  }

  /** {@code nlmsg_flags}. */
  public int flags() {
    return flags;
  }

  /** Whether every bit of {@code mask} is set in the flags. */
  public boolean hasFlags(int mask) {
    return (flags & mask) == mask;
  }

  /** {@code nlmsg_seq}. */
  public int seq() {
    return seq;
  }

  /** {@code nlmsg_pid}: the port id of the socket it is addressed to (or came from). */
  public int portId() {
    return portId;
  }

  /** The payload's length in bytes ({@code nlmsg_len} less the header). */
  public int payloadLength() {
    return payload.limit();
  }

  /** The payload as a read-only buffer in machine order, positioned at 0. */
  public ByteBuffer payload() {
    return payload.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
  }

  /** The unsigned byte at {@code offset} of the payload. */
  public int u8(int offset) {
    require(offset, 1);
    return payload.get(offset) & 0xFF;
  }

  /** The unsigned 16-bit field at {@code offset} of the payload, machine order. */
  public int u16(int offset) {
    require(offset, 2);
    return payload.getShort(offset) & 0xFFFF;
  }

  /** The 32-bit field at {@code offset} of the payload, machine order. */
  public int s32(int offset) {
    require(offset, 4);
    return payload.getInt(offset);
  }

  /** A copy of {@code length} payload bytes from {@code offset}. */
  public byte[] bytes(int offset, int length) {
    require(offset, length);
    byte[] copy = new byte[length];
    payload.get(offset, copy);
    return copy;
  }

  /**
   * The attributes after a family header of {@code headerLength} bytes (padded to 4, as
   * {@code NLMSG_ALIGN} does).
   *
   * @throws NetlinkProtocolException if the payload is shorter than the header or an
   *     attribute is malformed
   */
  public NetlinkAttributes attributes(int headerLength) {
    if (headerLength < 0 || payload.limit() < headerLength) {
      throw new NetlinkProtocolException(
          "message of type " + type + " too short for its " + headerLength
              + "-byte header: " + payload.limit() + " bytes");
    }
    int start = Netlink.align(headerLength);
    if (start >= payload.limit()) {
      return NetlinkAttributes.empty();
    }
    return NetlinkAttributes.parse(
        payload.duplicate().position(start), "in message of type " + type);
  }

  /** Throws unless the payload holds at least {@code length} bytes. */
  public void requirePayload(int length) {
    require(0, length);
  }

  private void require(int offset, int size) {
    if (offset < 0 || size < 0 || offset > payload.limit() - size) {
      throw new NetlinkProtocolException(
          "message of type " + type + " has " + payload.limit() + " payload bytes, needs "
              + size + " at offset " + offset);
    }
  }

  @Override
  public String toString() {
    return "nlmsg(type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", seq="
        + Integer.toUnsignedString(seq) + ", pid=" + Integer.toUnsignedString(portId)
        + ", payload=" + payload.limit() + ")";
  }
}
