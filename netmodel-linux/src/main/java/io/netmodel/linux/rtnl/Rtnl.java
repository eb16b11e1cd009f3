package io.netmodel.linux.rtnl;

/**
 * rtnetlink message types and route-message values, named as in {@code linux/rtnetlink.h},
 * plus the address families of {@code linux/socket.h} that rtnetlink messages carry.
 */
public final class Rtnl {
  private Rtnl() {}

  // linux/rtnetlink.h: message types.
  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_SETLINK = 19;
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;
  public static final int RTM_NEWROUTE = 24;
  public static final int RTM_DELROUTE = 25;
  public static final int RTM_GETROUTE = 26;

  // linux/rtnetlink.h: rtm_type.
  public static final int RTN_UNSPEC = 0;
  public static final int RTN_UNICAST = 1;
  public static final int RTN_LOCAL = 2;
  public static final int RTN_BROADCAST = 3;
  public static final int RTN_ANYCAST = 4;
  public static final int RTN_MULTICAST = 5;
  public static final int RTN_BLACKHOLE = 6;
  public static final int RTN_UNREACHABLE = 7;
  public static final int RTN_PROHIBIT = 8;

  // linux/rtnetlink.h: rtm_protocol.
  public static final int RTPROT_UNSPEC = 0;
  public static final int RTPROT_REDIRECT = 1;
  public static final int RTPROT_KERNEL = 2;
  public static final int RTPROT_BOOT = 3;
  public static final int RTPROT_STATIC = 4;

  // linux/rtnetlink.h: enum rt_scope_t.
  public static final int RT_SCOPE_UNIVERSE = 0;
  public static final int RT_SCOPE_SITE = 200;
  public static final int RT_SCOPE_LINK = 253;
  public static final int RT_SCOPE_HOST = 254;
  public static final int RT_SCOPE_NOWHERE = 255;

  // linux/rtnetlink.h: enum rt_class_t.
  public static final int RT_TABLE_UNSPEC = 0;
  public static final int RT_TABLE_MAIN = 254;
  public static final int RT_TABLE_LOCAL = 255;

  // linux/rtnetlink.h: enum rtattr_type_t, the attributes of route messages.
  public static final int RTA_DST = 1;
  public static final int RTA_SRC = 2;
  public static final int RTA_IIF = 3;
  public static final int RTA_OIF = 4;
  public static final int RTA_GATEWAY = 5;
  public static final int RTA_PRIORITY = 6;
  public static final int RTA_PREFSRC = 7;
  public static final int RTA_TABLE = 15;
  public static final int RTA_PREF = 20;

  // linux/rtnetlink.h: sizeof(struct rtmsg).
  public static final int RTMSG_SIZE = 12;

  // linux/socket.h: address families.
  public static final int AF_UNSPEC = 0;
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;

  // linux/rtnetlink.h: RTEXT_FILTER_* bits of IFLA_EXT_MASK in a link request.
  public static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;
}
