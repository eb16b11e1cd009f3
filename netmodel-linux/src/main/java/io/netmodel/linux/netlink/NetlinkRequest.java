package io.netmodel.linux.netlink;

import java.util.Objects;

/**
 * One request for {@link NetlinkClient}: its message type and flags, the body that follows
 * the header (family header and attributes), and, for error messages, the operation's name
 * and the object it concerns.
 *
 * <pre>{@code
 * NetlinkRequest.of("RTM_DELLINK", "veth1a2b", Rtnl.RTM_DELLINK, 0,
 *     w -> w.u8(0).u8(0).u16(0).u32(index).u32(0).u32(0));
 * }</pre>
 *
 * @param operation the name the kernel's documentation uses, for example {@code "RTM_NEWLINK"}
 * @param object what the request is about, in words, for example {@code "veth1a2b (peer eth0
 *     in ns web)"}; may be empty
 * @param type {@code nlmsg_type}
 * @param flags extra {@code nlmsg_flags} such as {@code NLM_F_CREATE | NLM_F_EXCL}; the client
 *     adds {@code NLM_F_REQUEST} and {@code NLM_F_ACK} (and {@code NLM_F_DUMP} for dumps)
 * @param body writes what follows the header
 */
public record NetlinkRequest(String operation, String object, int type, int flags, Body body) {

  /** Writes a request's family header and attributes after the netlink header. */
  @FunctionalInterface
  public interface Body {
    void writeTo(MessageWriter writer);
  }

  public NetlinkRequest {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(body, "body");
    if (type < Netlink.NLMSG_MIN_TYPE || type > 0xFFFF) {
      throw new IllegalArgumentException(
          "request type out of range 16..65535 (below 16 are control messages): " + type);
    }
    if (flags < 0 || flags > 0xFFFF) {
      throw new IllegalArgumentException("request flags out of range 0..0xffff: " + flags);
    }
  }

  /** A request; see the record's parameters. */
  public static NetlinkRequest of(
      String operation, String object, int type, int flags, Body body) {
    return new NetlinkRequest(operation, object, type, flags, body);
  }
}
