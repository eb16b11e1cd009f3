package io.netmodel.linux.nft;

/**
 * Netfilter constants that nf_tables rules and chains carry, from {@code linux/netfilter.h},
 * {@code linux/netfilter/nf_nat.h} and {@code linux/netfilter/nf_conntrack_common.h}, and the
 * route types of {@code linux/rtnetlink.h} that a {@code fib ... type} lookup yields.
 */
public final class Netfilter {
  private Netfilter() {}

  // linux/netfilter.h: verdicts.
  public static final int NF_DROP = 0;
  public static final int NF_ACCEPT = 1;
  public static final int NF_STOLEN = 2;
  public static final int NF_QUEUE = 3;
  public static final int NF_REPEAT = 4;
  public static final int NF_STOP = 5;

  // linux/netfilter.h: enum nf_inet_hooks.
  public static final int NF_INET_PRE_ROUTING = 0;
  public static final int NF_INET_LOCAL_IN = 1;
  public static final int NF_INET_FORWARD = 2;
  public static final int NF_INET_LOCAL_OUT = 3;
  public static final int NF_INET_POST_ROUTING = 4;
  public static final int NF_INET_NUMHOOKS = 5;
  public static final int NF_INET_INGRESS = NF_INET_NUMHOOKS;

  // linux/netfilter.h: protocol families of netfilter (nfgen_family of nf_tables messages).
  public static final int NFPROTO_UNSPEC = 0;
  public static final int NFPROTO_INET = 1;
  public static final int NFPROTO_IPV4 = 2;
  public static final int NFPROTO_ARP = 3;
  public static final int NFPROTO_NETDEV = 5;
  public static final int NFPROTO_BRIDGE = 7;
  public static final int NFPROTO_IPV6 = 10;

  // linux/netfilter/nf_nat.h: flags of a NAT range (NFTA_NAT_FLAGS, NFTA_MASQ_FLAGS).
  public static final int NF_NAT_RANGE_MAP_IPS = 1 << 0;
  public static final int NF_NAT_RANGE_PROTO_SPECIFIED = 1 << 1;
  public static final int NF_NAT_RANGE_PROTO_RANDOM = 1 << 2;
  public static final int NF_NAT_RANGE_PERSISTENT = 1 << 3;
  public static final int NF_NAT_RANGE_PROTO_RANDOM_FULLY = 1 << 4;
  public static final int NF_NAT_RANGE_PROTO_OFFSET = 1 << 5;
  public static final int NF_NAT_RANGE_NETMAP = 1 << 6;

  // linux/netfilter/nf_conntrack_common.h: enum ip_conntrack_info.
  public static final int IP_CT_ESTABLISHED = 0;
  public static final int IP_CT_RELATED = 1;
  public static final int IP_CT_NEW = 2;
  public static final int IP_CT_IS_REPLY = 3;

  // linux/netfilter/nf_conntrack_common.h: the bits of NFT_CT_STATE, NF_CT_STATE_BIT(ctinfo)
  // = 1 << (ctinfo % IP_CT_IS_REPLY + 1).
  public static final int NF_CT_STATE_INVALID_BIT = 1 << 0;
  public static final int NF_CT_STATE_ESTABLISHED_BIT = 1 << (IP_CT_ESTABLISHED + 1);
  public static final int NF_CT_STATE_RELATED_BIT = 1 << (IP_CT_RELATED + 1);
  public static final int NF_CT_STATE_NEW_BIT = 1 << (IP_CT_NEW + 1);
  public static final int NF_CT_STATE_UNTRACKED_BIT = 1 << 6;

  // linux/netfilter/nf_conntrack_common.h: enum ip_conntrack_status, the bits of NFT_CT_STATUS.
  public static final int IPS_EXPECTED = 1 << 0;
  public static final int IPS_SEEN_REPLY = 1 << 1;
  public static final int IPS_ASSURED = 1 << 2;
  public static final int IPS_CONFIRMED = 1 << 3;
  public static final int IPS_SRC_NAT = 1 << 4;
  public static final int IPS_DST_NAT = 1 << 5;
  public static final int IPS_NAT_MASK = IPS_DST_NAT | IPS_SRC_NAT;

  // linux/rtnetlink.h: route types (RTN_*), the result of a fib address-type lookup.
  public static final int RTN_UNSPEC = 0;
  public static final int RTN_UNICAST = 1;
  public static final int RTN_LOCAL = 2;
  public static final int RTN_BROADCAST = 3;
  public static final int RTN_ANYCAST = 4;
  public static final int RTN_MULTICAST = 5;
}
