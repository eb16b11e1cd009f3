package io.netmodel.linux.rtnl;

/**
 * Link attributes and values, named as in {@code linux/if_link.h}, {@code linux/veth.h},
 * {@code linux/if.h} and {@code linux/if_arp.h}.
 */
public final class Ifla {
  private Ifla() {}

  // linux/rtnetlink.h: sizeof(struct ifinfomsg).
  public static final int IFINFOMSG_SIZE = 16;

  // linux/if_link.h: IFLA_* attributes of link messages.
  public static final int IFLA_ADDRESS = 1;
  public static final int IFLA_BROADCAST = 2;
  public static final int IFLA_IFNAME = 3;
  public static final int IFLA_MTU = 4;
  public static final int IFLA_LINK = 5;
  public static final int IFLA_MASTER = 10;
  public static final int IFLA_TXQLEN = 13;
  public static final int IFLA_OPERSTATE = 16;
  public static final int IFLA_LINKINFO = 18;
  public static final int IFLA_NET_NS_PID = 19;
  public static final int IFLA_AF_SPEC = 26;
  public static final int IFLA_GROUP = 27;
  public static final int IFLA_NET_NS_FD = 28;
  public static final int IFLA_EXT_MASK = 29;
  public static final int IFLA_NUM_TX_QUEUES = 31;
  public static final int IFLA_NUM_RX_QUEUES = 32;
  public static final int IFLA_LINK_NETNSID = 37;
  public static final int IFLA_TARGET_NETNSID = 46;
  public static final int IFLA_ALT_IFNAME = 53;

  // linux/if_link.h: IFLA_INET6_* (in IFLA_AF_SPEC, nested under AF_INET6), and enum
  // in6_addr_gen_mode.
  public static final int IFLA_INET6_ADDR_GEN_MODE = 8;
  public static final int IN6_ADDR_GEN_MODE_NONE = 1;

  // linux/if_link.h: IFLA_INFO_*, nested in IFLA_LINKINFO.
  public static final int IFLA_INFO_KIND = 1;
  public static final int IFLA_INFO_DATA = 2;
  public static final int IFLA_INFO_SLAVE_KIND = 4;
  public static final int IFLA_INFO_SLAVE_DATA = 5;

  // linux/veth.h: nested in IFLA_INFO_DATA of a veth.
  public static final int VETH_INFO_PEER = 1;

  // linux/if_link.h: nested in IFLA_INFO_DATA of a vlan.
  public static final int IFLA_VLAN_ID = 1;

  // linux/if_link.h: nested in IFLA_INFO_DATA of a macvlan.
  public static final int IFLA_MACVLAN_MODE = 1;

  // linux/if_link.h: nested in IFLA_INFO_DATA of an ipvlan.
  public static final int IFLA_IPVLAN_MODE = 1;
  public static final int IFLA_IPVLAN_FLAGS = 2;

  // linux/if_link.h: nested in IFLA_INFO_DATA of a vxlan.
  public static final int IFLA_VXLAN_ID = 1;
  public static final int IFLA_VXLAN_LINK = 3;
  public static final int IFLA_VXLAN_LOCAL = 4;
  public static final int IFLA_VXLAN_LEARNING = 7;
  public static final int IFLA_VXLAN_PORT = 15;
  public static final int IFLA_VXLAN_LOCAL6 = 17;

  // linux/if_link.h: IFLA_BRPORT_*, nested in IFLA_INFO_SLAVE_DATA of a bridge's port.
  public static final int IFLA_BRPORT_STATE = 1;
  public static final int IFLA_BRPORT_MODE = 4;

  // linux/if_bridge.h: a bridge port's STP state, IFLA_BRPORT_STATE.
  public static final int BR_STATE_DISABLED = 0;
  public static final int BR_STATE_LISTENING = 1;
  public static final int BR_STATE_LEARNING = 2;
  public static final int BR_STATE_FORWARDING = 3;
  public static final int BR_STATE_BLOCKING = 4;

  // The IFLA_INFO_SLAVE_KIND of a bridge's port: the kind of its master (net/bridge).
  public static final String BRIDGE_SLAVE_KIND = "bridge";

  // linux/if_link.h: IFLA_OPERSTATE values (RFC 2863).
  public static final int IF_OPER_UNKNOWN = 0;
  public static final int IF_OPER_NOTPRESENT = 1;
  public static final int IF_OPER_DOWN = 2;
  public static final int IF_OPER_LOWERLAYERDOWN = 3;
  public static final int IF_OPER_TESTING = 4;
  public static final int IF_OPER_DORMANT = 5;
  public static final int IF_OPER_UP = 6;

  // linux/if.h: enum net_device_flags, in ifi_flags.
  public static final int IFF_UP = 0x1;
  public static final int IFF_BROADCAST = 0x2;
  public static final int IFF_LOOPBACK = 0x8;
  public static final int IFF_RUNNING = 0x40;
  public static final int IFF_NOARP = 0x80;
  public static final int IFF_MULTICAST = 0x1000;
  public static final int IFF_LOWER_UP = 0x10000;

  // linux/if_arp.h: ifi_type.
  public static final int ARPHRD_ETHER = 1;
  public static final int ARPHRD_LOOPBACK = 772;
  public static final int ARPHRD_NONE = 0xFFFE;
}
