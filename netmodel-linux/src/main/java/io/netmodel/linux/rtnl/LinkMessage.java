package io.netmodel.linux.rtnl;

import io.netmodel.linux.netlink.NetlinkAttributes;
import io.netmodel.linux.netlink.NetlinkMessage;
import io.netmodel.linux.netlink.NetlinkProtocolException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A link as an {@code RTM_NEWLINK} message describes it: everything the typed operations
 * read, including what core's {@code Link} leaves out (operational state, flags, the peer's
 * namespace id).
 *
 * @param index {@code ifi_index}
 * @param name {@code IFLA_IFNAME}
 * @param kind {@code IFLA_INFO_KIND} inside {@code IFLA_LINKINFO}, absent for devices without
 *     one such as {@code lo}
 * @param type {@code ifi_type}, an {@code ARPHRD_*} value
 * @param flags {@code ifi_flags}, {@code IFF_*} bits
 * @param operState {@code IFLA_OPERSTATE}, an {@code IF_OPER_*} value
 * @param mtu {@code IFLA_MTU}
 * @param address {@code IFLA_ADDRESS} as lower-case colon-separated hex ({@code
 *     02:00:00:00:00:01}), as {@code ip} prints it
 * @param master {@code IFLA_MASTER}
 * @param link {@code IFLA_LINK}: the parent, or a veth's peer (an index in the peer's
 *     namespace when {@code linkNetnsId} is present)
 * @param linkNetnsId {@code IFLA_LINK_NETNSID}: the id, in this namespace, of the namespace
 *     {@code link} is in
 * @param group {@code IFLA_GROUP}
 * @param bridgePortState for a bridge's port, {@code IFLA_BRPORT_STATE} in the slave data of
 *     {@code IFLA_LINKINFO}: a {@code BR_STATE_*} value
 */
public record LinkMessage(
    int index,
    String name,
    Optional<String> kind,
    int type,
    int flags,
    int operState,
    int mtu,
    Optional<String> address,
    OptionalInt master,
    OptionalInt link,
    OptionalInt linkNetnsId,
    int group,
    OptionalInt bridgePortState) {

  public LinkMessage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(linkNetnsId, "linkNetnsId");
    Objects.requireNonNull(bridgePortState, "bridgePortState");
  }

  /**
   * Decodes an {@code RTM_NEWLINK} message.
   *
   * @throws NetlinkProtocolException if it is malformed or lacks its index or name
   */
  public static LinkMessage parse(NetlinkMessage m) {
    if (m.type() != Rtnl.RTM_NEWLINK) {
      throw new NetlinkProtocolException("expected RTM_NEWLINK, got message type " + m.type());
    }
    NetlinkAttributes a = m.attributes(Ifla.IFINFOMSG_SIZE);
    int index = m.s32(4);
    if (index <= 0) {
      throw new NetlinkProtocolException("RTM_NEWLINK with interface index " + index);
    }
    String name =
        a.string(Ifla.IFLA_IFNAME)
            .orElseThrow(
                () -> new NetlinkProtocolException("RTM_NEWLINK " + index + " without IFLA_IFNAME"));
    Optional<NetlinkAttributes> info = a.nested(Ifla.IFLA_LINKINFO);
    Optional<String> kind = info.flatMap(i -> i.string(Ifla.IFLA_INFO_KIND));
    OptionalInt master = a.u32(Ifla.IFLA_MASTER);
    if (master.isPresent() && master.getAsInt() == 0) {
      master = OptionalInt.empty();
    }
    OptionalInt link = a.u32(Ifla.IFLA_LINK);
    if (link.isPresent() && link.getAsInt() == 0) {
      link = OptionalInt.empty();
    }
    return new LinkMessage(
        index,
        name,
        kind,
        m.u16(2),
        m.s32(8),
        a.u8(Ifla.IFLA_OPERSTATE).orElse(Ifla.IF_OPER_UNKNOWN),
        a.u32(Ifla.IFLA_MTU).orElse(0),
        a.bytes(Ifla.IFLA_ADDRESS).filter(b -> b.length > 0).map(LinkMessage::hex),
        master,
        link,
        a.u32(Ifla.IFLA_LINK_NETNSID),
        a.u32(Ifla.IFLA_GROUP).orElse(0),
        info.map(LinkMessage::bridgePortState).orElse(OptionalInt.empty()));
  }

  /** {@code IFLA_BRPORT_STATE} of a link whose slave data is a bridge port's. */
  private static OptionalInt bridgePortState(NetlinkAttributes info) {
    if (!info.string(Ifla.IFLA_INFO_SLAVE_KIND).orElse("").equals(Ifla.BRIDGE_SLAVE_KIND)) {
      return OptionalInt.empty();
    }
    return info.nested(Ifla.IFLA_INFO_SLAVE_DATA)
        .map(data -> data.u8(Ifla.IFLA_BRPORT_STATE))
        .orElse(OptionalInt.empty());
  }

  /** Whether it is administratively up ({@code IFF_UP}). */
  public boolean up() {
    return (flags & Ifla.IFF_UP) != 0;
  }

  /** Whether the operational state is {@code IF_OPER_UP}. */
  public boolean operationallyUp() {
    return operState == Ifla.IF_OPER_UP;
  }

  private static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(":").formatHex(bytes);
  }
}
