package io.netmodel.linux.netlink;

/**
 * Constants of the netlink protocol itself, named as in {@code linux/netlink.h}: the message
 * header's flags and control types, protocols, socket options, attribute flags and the
 * extended-ack attribute types.
 */
public final class Netlink {
  private Netlink() {}

  // linux/netlink.h: protocols (the third argument of socket(AF_NETLINK, ...)).
  public static final int NETLINK_ROUTE = 0;
  public static final int NETLINK_NETFILTER = 12;
  public static final int NETLINK_GENERIC = 16;

  // linux/netlink.h: nlmsg_flags, for every request.
  public static final int NLM_F_REQUEST = 0x01;
  public static final int NLM_F_MULTI = 0x02;
  public static final int NLM_F_ACK = 0x04;
  public static final int NLM_F_ECHO = 0x08;
  public static final int NLM_F_DUMP_INTR = 0x10;
  public static final int NLM_F_DUMP_FILTERED = 0x20;

  // linux/netlink.h: nlmsg_flags of GET requests.
  public static final int NLM_F_ROOT = 0x100;
  public static final int NLM_F_MATCH = 0x200;
  public static final int NLM_F_ATOMIC = 0x400;
  public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

  // linux/netlink.h: nlmsg_flags of NEW requests.
  public static final int NLM_F_REPLACE = 0x100;
  public static final int NLM_F_EXCL = 0x200;
  public static final int NLM_F_CREATE = 0x400;
  public static final int NLM_F_APPEND = 0x800;

  // linux/netlink.h: nlmsg_flags of DELETE requests.
  public static final int NLM_F_NONREC = 0x100;
  public static final int NLM_F_BULK = 0x200;

  // linux/netlink.h: nlmsg_flags of acknowledgements (NLMSG_ERROR).
  public static final int NLM_F_CAPPED = 0x100;
  public static final int NLM_F_ACK_TLVS = 0x200;

  // linux/netlink.h: alignment and the header's size.
  public static final int NLMSG_ALIGNTO = 4;
  public static final int NLMSG_HDRLEN = 16;

  // linux/netlink.h: control message types.
  public static final int NLMSG_NOOP = 0x1;
  public static final int NLMSG_ERROR = 0x2;
  public static final int NLMSG_DONE = 0x3;
  public static final int NLMSG_OVERRUN = 0x4;
  public static final int NLMSG_MIN_TYPE = 0x10;

  // linux/netlink.h: enum nlmsgerr_attrs, the extended-ack TLVs after an NLMSG_ERROR.
  public static final int NLMSGERR_ATTR_UNUSED = 0;
  public static final int NLMSGERR_ATTR_MSG = 1;
  public static final int NLMSGERR_ATTR_OFFS = 2;
  public static final int NLMSGERR_ATTR_COOKIE = 3;
  public static final int NLMSGERR_ATTR_POLICY = 4;
  public static final int NLMSGERR_ATTR_MISS_TYPE = 5;
  public static final int NLMSGERR_ATTR_MISS_NEST = 6;

  // linux/netlink.h: socket options at level SOL_NETLINK.
  public static final int NETLINK_ADD_MEMBERSHIP = 1;
  public static final int NETLINK_DROP_MEMBERSHIP = 2;
  public static final int NETLINK_PKTINFO = 3;
  public static final int NETLINK_BROADCAST_ERROR = 4;
  public static final int NETLINK_NO_ENOBUFS = 5;
  public static final int NETLINK_LISTEN_ALL_NSID = 8;
  public static final int NETLINK_CAP_ACK = 10;
  public static final int NETLINK_EXT_ACK = 11;
  public static final int NETLINK_GET_STRICT_CHK = 12;

  // linux/netlink.h: struct nlattr's type flags, alignment and header size.
  public static final int NLA_F_NESTED = 1 << 15;
  public static final int NLA_F_NET_BYTEORDER = 1 << 14;
  public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xFFFF;
  public static final int NLA_ALIGNTO = 4;
  public static final int NLA_HDRLEN = 4;

  /** {@code NLMSG_ALIGN}: rounds {@code length} up to a multiple of 4. */
  public static int align(int length) {
    return (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
  }
}
