package io.netmodel.linux.netlink;

import io.netmodel.api.KernelException;
import io.netmodel.linux.sys.Errnos;
import java.util.Optional;

/**
 * Reads the kernel's answers to requests, for every netlink family: {@code NLMSG_ERROR} (an
 * acknowledgement when its error is 0) and a dump's {@code NLMSG_DONE}, with the extended-ack
 * message when there is one. Stateless.
 */
public final class NetlinkAck {
  private NetlinkAck() {}

  /** A refusal: the errno and the kernel's extended-ack message, if any. */
  public record Error(int errno, Optional<String> kernelMessage) {
    /** The refusal as the typed exception, for {@code operation} on {@code object}. */
    public KernelException exception(String operation, String object) {
      return Errnos.exception(operation, object, errno, kernelMessage.orElse(null));
    }
  }

  /**
   * The refusal in {@code m}, an {@code NLMSG_ERROR}; empty when it acknowledges success.
   *
   * <p>{@code struct nlmsgerr}: int error, the request's header and, unless the kernel capped it
   * ({@code NLM_F_CAPPED}) or the error is 0, the request's payload; then, with {@code
   * NLM_F_ACK_TLVS}, attributes of {@code enum nlmsgerr_attrs}.
   */
  public static Optional<Error> parse(NetlinkMessage m) {
    m.requirePayload(4 + Netlink.NLMSG_HDRLEN);
    int error = m.s32(0);
    if (error == 0) {
      return Optional.empty();
    }
    if (error > 0) {
      throw new NetlinkProtocolException("NLMSG_ERROR with a positive error: " + error);
    }
    int tlvOffset = 4 + Netlink.NLMSG_HDRLEN;
    if ((m.flags() & Netlink.NLM_F_CAPPED) == 0) {
      int echoed = m.s32(4);
      if (echoed < Netlink.NLMSG_HDRLEN || echoed > m.payloadLength() - 4) {
        throw new NetlinkProtocolException(
            "NLMSG_ERROR echoes a request of " + Integer.toUnsignedString(echoed)
                + " bytes in a payload of " + m.payloadLength());
      }
      tlvOffset = 4 + Netlink.align(echoed);
    }
    return Optional.of(new Error(-error, kernelMessage(m, tlvOffset)));
  }

  /** The failure a dump's {@code NLMSG_DONE} reports (a negative int), if any. */
  public static Optional<Error> parseDone(NetlinkMessage m) {
    if (m.payloadLength() < 4 || m.s32(0) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new Error(-m.s32(0), kernelMessage(m, 4)));
  }

  private static Optional<String> kernelMessage(NetlinkMessage m, int tlvOffset) {
    if ((m.flags() & Netlink.NLM_F_ACK_TLVS) == 0 || tlvOffset >= m.payloadLength()) {
      return Optional.empty();
    }
    return m.attributes(tlvOffset).string(Netlink.NLMSGERR_ATTR_MSG).filter(s -> !s.isEmpty());
  }
}
