package io.netmodel.linux.nft;

/**
 * Constants of nfnetlink, the netfilter netlink protocol that nf_tables is a subsystem of, named
 * as in {@code linux/netfilter/nfnetlink.h}.
 */
public final class NfNetlink {
  private NfNetlink() {}

  // linux/netfilter/nfnetlink.h: struct nfgenmsg {u8 nfgen_family; u8 version; be16 res_id}.
  public static final int NFGENMSG_SIZE = 4;
  public static final int NFNETLINK_V0 = 0;

  // linux/netfilter/nfnetlink.h: subsystem ids, the high byte of nlmsg_type.
  public static final int NFNL_SUBSYS_NONE = 0;
  public static final int NFNL_SUBSYS_NFTABLES = 10;

  // linux/netfilter/nfnetlink.h: the messages that open and close a batch (transaction).
  public static final int NFNL_MSG_BATCH_BEGIN = 0x10; // NLMSG_MIN_TYPE
  public static final int NFNL_MSG_BATCH_END = 0x11; // NLMSG_MIN_TYPE + 1

  // linux/netfilter/nfnetlink.h: enum nfnl_batch_attributes.
  public static final int NFNL_BATCH_UNSPEC = 0;
  public static final int NFNL_BATCH_GENID = 1;

  /** {@code NFNL_SUBSYS_ID}: the subsystem of a message type. */
  public static int subsystemOf(int messageType) {
    return (messageType & 0xff00) >> 8;
  }

  /** {@code NFNL_MSG_TYPE}: the message of a message type within its subsystem. */
  public static int messageOf(int messageType) {
    return messageType & 0x00ff;
  }

  /** The {@code nlmsg_type} of nf_tables message {@code message} (an {@code NFT_MSG_*}). */
  public static int nftablesType(int message) {
    return (NFNL_SUBSYS_NFTABLES << 8) | message;
  }
}
