package io.netmodel.linux.rtnl;

import io.netmodel.linux.netlink.NetlinkAttributes;
import io.netmodel.linux.netlink.NetlinkMessage;
import io.netmodel.linux.netlink.NetlinkProtocolException;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An address as an {@code RTM_NEWADDR} message describes it.
 *
 * @param index {@code ifa_index}, the link's index
 * @param family {@code AF_INET} or {@code AF_INET6}
 * @param prefixLength {@code ifa_prefixlen}
 * @param flags {@code IFA_FLAGS} when present (all 32 bits), else {@code ifa_flags}
 * @param scope {@code ifa_scope}, an {@code RT_SCOPE_*} value
 * @param address the address itself: {@code IFA_LOCAL} when present (IPv4), else {@code
 *     IFA_ADDRESS}
 * @param peer {@code IFA_ADDRESS} when it differs from {@code address} (point-to-point)
 * @param broadcast {@code IFA_BROADCAST}
 * @param label {@code IFA_LABEL}
 */
public record AddressMessage(
    int index,
    int family,
    int prefixLength,
    int flags,
    int scope,
    InetAddress address,
    Optional<InetAddress> peer,
    Optional<InetAddress> broadcast,
    Optional<String> label) {

  public AddressMessage {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(broadcast, "broadcast");
    Objects.requireNonNull(label, "label");
  }

  /** Whether the family is IPv4 or IPv6, the only ones {@link #parse} decodes. */
  static boolean isInet(NetlinkMessage m) {
    return m.payloadLength() >= 1 && Inet.length(m.u8(0)) > 0;
  }

  /**
   * Decodes an {@code RTM_NEWADDR} message of family {@code AF_INET} or {@code AF_INET6}.
   *
   * @throws NetlinkProtocolException if it is malformed, of another family, or has no address
   */
  public static AddressMessage parse(NetlinkMessage m) {
    if (m.type() != Rtnl.RTM_NEWADDR) {
      throw new NetlinkProtocolException("expected RTM_NEWADDR, got message type " + m.type());
    }
    NetlinkAttributes a = m.attributes(Ifa.IFADDRMSG_SIZE);
    int family = m.u8(0);
    int length = Inet.length(family);
    if (length < 0) {
      throw new NetlinkProtocolException("RTM_NEWADDR of unexpected family " + family);
    }
    int prefixLength = m.u8(1);
    if (prefixLength > length * 8) {
      throw new NetlinkProtocolException(
          "RTM_NEWADDR prefix length " + prefixLength + " exceeds " + length * 8);
    }
    Optional<InetAddress> local = a.find(Ifa.IFA_LOCAL).map(x -> Inet.address(x, family));
    Optional<InetAddress> address = a.find(Ifa.IFA_ADDRESS).map(x -> Inet.address(x, family));
    InetAddress self =
        local.or(() -> address)
            .orElseThrow(() -> new NetlinkProtocolException("RTM_NEWADDR without an address"));
    Optional<InetAddress> peer = address.filter(p -> !p.equals(self));
    return new AddressMessage(
        m.s32(4),
        family,
        prefixLength,
        a.u32(Ifa.IFA_FLAGS).orElse(m.u8(2)),
        m.u8(3),
        self,
        peer,
        a.find(Ifa.IFA_BROADCAST).map(x -> Inet.address(x, family)),
        a.string(Ifa.IFA_LABEL));
  }

  /** Whether {@code IFA_F_NODAD} is set. */
  public boolean noDad() {
    return (flags & Ifa.IFA_F_NODAD) != 0;
  }
}
