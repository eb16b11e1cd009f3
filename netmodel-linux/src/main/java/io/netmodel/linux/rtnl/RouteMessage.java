package io.netmodel.linux.rtnl;

import io.netmodel.linux.netlink.NetlinkAttributes;
import io.netmodel.linux.netlink.NetlinkMessage;
import io.netmodel.linux.netlink.NetlinkProtocolException;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A route as an {@code RTM_NEWROUTE} message describes it.
 *
 * @param family {@code AF_INET} or {@code AF_INET6}
 * @param destination {@code RTA_DST}, or the all-zero address for a default route
 * @param destinationLength {@code rtm_dst_len}
 * @param gateway {@code RTA_GATEWAY}
 * @param outputInterface {@code RTA_OIF}
 * @param table {@code RTA_TABLE} when present, else {@code rtm_table}
 * @param protocol {@code rtm_protocol}, an {@code RTPROT_*} value
 * @param scope {@code rtm_scope}, an {@code RT_SCOPE_*} value
 * @param type {@code rtm_type}, an {@code RTN_*} value
 * @param priority {@code RTA_PRIORITY}, the metric
 */
public record RouteMessage(
    int family,
    InetAddress destination,
    int destinationLength,
    Optional<InetAddress> gateway,
    OptionalInt outputInterface,
    int table,
    int protocol,
    int scope,
    int type,
    OptionalInt priority) {

  public RouteMessage {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(outputInterface, "outputInterface");
    Objects.requireNonNull(priority, "priority");
  }

  /** Whether the family is IPv4 or IPv6, the only ones {@link #parse} decodes. */
  static boolean isInet(NetlinkMessage m) {
    return m.payloadLength() >= 1 && Inet.length(m.u8(0)) > 0;
  }

  /**
   * Decodes an {@code RTM_NEWROUTE} message of family {@code AF_INET} or {@code AF_INET6}.
   *
   * @throws NetlinkProtocolException if it is malformed or of another family
   */
  public static RouteMessage parse(NetlinkMessage m) {
    if (m.type() != Rtnl.RTM_NEWROUTE) {
      throw new NetlinkProtocolException("expected RTM_NEWROUTE, got message type " + m.type());
    }
    NetlinkAttributes a = m.attributes(Rtnl.RTMSG_SIZE);
    int family = m.u8(0);
    int length = Inet.length(family);
    if (length < 0) {
      throw new NetlinkProtocolException("RTM_NEWROUTE of unexpected family " + family);
    }
    int destinationLength = m.u8(1);
    if (destinationLength > length * 8) {
      throw new NetlinkProtocolException(
          "RTM_NEWROUTE destination length " + destinationLength + " exceeds " + length * 8);
    }
    InetAddress destination =
        a.find(Rtnl.RTA_DST).map(x -> Inet.address(x, family)).orElse(Inet.any(family));
    return new RouteMessage(
        family,
        destination,
        destinationLength,
        a.find(Rtnl.RTA_GATEWAY).map(x -> Inet.address(x, family)),
        a.u32(Rtnl.RTA_OIF),
        a.u32(Rtnl.RTA_TABLE).orElse(m.u8(4)),
        m.u8(5),
        m.u8(6),
        m.u8(7),
        a.u32(Rtnl.RTA_PRIORITY));
  }
}
