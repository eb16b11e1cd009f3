package io.netmodel.linux.nft;

/**
 * Constants of nf_tables, named as in {@code linux/netfilter/nf_tables.h}: message types,
 * the attributes of tables, chains, rules, sets, set elements and expressions, registers,
 * verdicts and the keys of the expressions netmodel uses. Attribute values of type u32 are
 * sent in network byte order (the kernel reads them with {@code ntohl}).
 */
public final class NfTables {
  private NfTables() {}

  // linux/netfilter/nf_tables.h: name and value limits.
  public static final int NFT_NAME_MAXLEN = 256;
  public static final int NFT_TABLE_MAXNAMELEN = NFT_NAME_MAXLEN;
  public static final int NFT_CHAIN_MAXNAMELEN = NFT_NAME_MAXLEN;
  public static final int NFT_SET_MAXNAMELEN = NFT_NAME_MAXLEN;
  public static final int NFT_USERDATA_MAXLEN = 256;
  public static final int NFT_REG_SIZE = 16;
  public static final int NFT_REG32_SIZE = 4;
  public static final int NFT_DATA_VALUE_MAXLEN = 64;

  // linux/netfilter/nf_tables.h: enum nft_registers; NFT_REG_1..4 hold 16 bytes, NFT_REG32_* 4.
  public static final int NFT_REG_VERDICT = 0;
  public static final int NFT_REG_1 = 1;
  public static final int NFT_REG_2 = 2;
  public static final int NFT_REG_3 = 3;
  public static final int NFT_REG_4 = 4;
  public static final int NFT_REG32_00 = 8;
  public static final int NFT_REG32_01 = 9;
  public static final int NFT_REG32_02 = 10;
  public static final int NFT_REG32_03 = 11;
  public static final int NFT_REG32_04 = 12;
  public static final int NFT_REG32_05 = 13;
  public static final int NFT_REG32_06 = 14;
  public static final int NFT_REG32_07 = 15;
  public static final int NFT_REG32_08 = 16;
  public static final int NFT_REG32_09 = 17;
  public static final int NFT_REG32_10 = 18;
  public static final int NFT_REG32_11 = 19;
  public static final int NFT_REG32_12 = 20;
  public static final int NFT_REG32_13 = 21;
  public static final int NFT_REG32_14 = 22;
  public static final int NFT_REG32_15 = 23;

  // linux/netfilter/nf_tables.h: enum nft_verdicts: verdict codes besides NF_ACCEPT and NF_DROP.
  public static final int NFT_CONTINUE = -1;
  public static final int NFT_BREAK = -2;
  public static final int NFT_JUMP = -3;
  public static final int NFT_GOTO = -4;
  public static final int NFT_RETURN = -5;

  // linux/netfilter/nf_tables.h: enum nf_tables_msg_types (low byte of nlmsg_type).
  public static final int NFT_MSG_NEWTABLE = 0;
  public static final int NFT_MSG_GETTABLE = 1;
  public static final int NFT_MSG_DELTABLE = 2;
  public static final int NFT_MSG_NEWCHAIN = 3;
  public static final int NFT_MSG_GETCHAIN = 4;
  public static final int NFT_MSG_DELCHAIN = 5;
  public static final int NFT_MSG_NEWRULE = 6;
  public static final int NFT_MSG_GETRULE = 7;
  public static final int NFT_MSG_DELRULE = 8;
  public static final int NFT_MSG_NEWSET = 9;
  public static final int NFT_MSG_GETSET = 10;
  public static final int NFT_MSG_DELSET = 11;
  public static final int NFT_MSG_NEWSETELEM = 12;
  public static final int NFT_MSG_GETSETELEM = 13;
  public static final int NFT_MSG_DELSETELEM = 14;
  public static final int NFT_MSG_NEWGEN = 15;
  public static final int NFT_MSG_GETGEN = 16;
  public static final int NFT_MSG_TRACE = 17;
  public static final int NFT_MSG_NEWOBJ = 18;
  public static final int NFT_MSG_GETOBJ = 19;
  public static final int NFT_MSG_DELOBJ = 20;
  public static final int NFT_MSG_GETOBJ_RESET = 21;
  public static final int NFT_MSG_NEWFLOWTABLE = 22;
  public static final int NFT_MSG_GETFLOWTABLE = 23;
  public static final int NFT_MSG_DELFLOWTABLE = 24;
  public static final int NFT_MSG_MAX = 25;

  // linux/netfilter/nf_tables.h: enum nft_list_attributes.
  public static final int NFTA_LIST_UNSPEC = 0;
  public static final int NFTA_LIST_ELEM = 1;

  // linux/netfilter/nf_tables.h: enum nft_hook_attributes.
  public static final int NFTA_HOOK_UNSPEC = 0;
  public static final int NFTA_HOOK_HOOKNUM = 1;
  public static final int NFTA_HOOK_PRIORITY = 2;
  public static final int NFTA_HOOK_DEV = 3;
  public static final int NFTA_HOOK_DEVS = 4;

  // linux/netfilter/nf_tables.h: enum nft_table_flags.
  public static final int NFT_TABLE_F_DORMANT = 0x1;
  public static final int NFT_TABLE_F_OWNER = 0x2;

  // linux/netfilter/nf_tables.h: enum nft_table_attributes.
  public static final int NFTA_TABLE_UNSPEC = 0;
  public static final int NFTA_TABLE_NAME = 1;
  public static final int NFTA_TABLE_FLAGS = 2;
  public static final int NFTA_TABLE_USE = 3;
  public static final int NFTA_TABLE_HANDLE = 4;
  public static final int NFTA_TABLE_PAD = 5;
  public static final int NFTA_TABLE_USERDATA = 6;
  public static final int NFTA_TABLE_OWNER = 7;

  // linux/netfilter/nf_tables.h: enum nft_chain_flags.
  public static final int NFT_CHAIN_BASE = 0x1;
  public static final int NFT_CHAIN_HW_OFFLOAD = 0x2;
  public static final int NFT_CHAIN_BINDING = 0x4;

  // linux/netfilter/nf_tables.h: enum nft_chain_attributes.
  public static final int NFTA_CHAIN_UNSPEC = 0;
  public static final int NFTA_CHAIN_TABLE = 1;
  public static final int NFTA_CHAIN_HANDLE = 2;
  public static final int NFTA_CHAIN_NAME = 3;
  public static final int NFTA_CHAIN_HOOK = 4;
  public static final int NFTA_CHAIN_POLICY = 5;
  public static final int NFTA_CHAIN_USE = 6;
  public static final int NFTA_CHAIN_TYPE = 7;
  public static final int NFTA_CHAIN_COUNTERS = 8;
  public static final int NFTA_CHAIN_PAD = 9;
  public static final int NFTA_CHAIN_FLAGS = 10;
  public static final int NFTA_CHAIN_ID = 11;
  public static final int NFTA_CHAIN_USERDATA = 12;

  // linux/netfilter/nf_tables.h: enum nft_rule_attributes.
  public static final int NFTA_RULE_UNSPEC = 0;
  public static final int NFTA_RULE_TABLE = 1;
  public static final int NFTA_RULE_CHAIN = 2;
  public static final int NFTA_RULE_HANDLE = 3;
  public static final int NFTA_RULE_EXPRESSIONS = 4;
  public static final int NFTA_RULE_COMPAT = 5;
  public static final int NFTA_RULE_POSITION = 6;
  public static final int NFTA_RULE_USERDATA = 7;
  public static final int NFTA_RULE_PAD = 8;
  public static final int NFTA_RULE_ID = 9;
  public static final int NFTA_RULE_POSITION_ID = 10;
  public static final int NFTA_RULE_CHAIN_ID = 11;

  // linux/netfilter/nf_tables.h: enum nft_set_flags.
  public static final int NFT_SET_ANONYMOUS = 0x1;
  public static final int NFT_SET_CONSTANT = 0x2;
  public static final int NFT_SET_INTERVAL = 0x4;
  public static final int NFT_SET_MAP = 0x8;
  public static final int NFT_SET_TIMEOUT = 0x10;
  public static final int NFT_SET_EVAL = 0x20;
  public static final int NFT_SET_OBJECT = 0x40;
  public static final int NFT_SET_CONCAT = 0x80;
  public static final int NFT_SET_EXPR = 0x100;

  // linux/netfilter/nf_tables.h: enum nft_set_policies.
  public static final int NFT_SET_POL_PERFORMANCE = 0;
  public static final int NFT_SET_POL_MEMORY = 1;

  // linux/netfilter/nf_tables.h: enum nft_set_desc_attributes.
  public static final int NFTA_SET_DESC_UNSPEC = 0;
  public static final int NFTA_SET_DESC_SIZE = 1;
  public static final int NFTA_SET_DESC_CONCAT = 2;

  // linux/netfilter/nf_tables.h: enum nft_set_attributes.
  public static final int NFTA_SET_UNSPEC = 0;
  public static final int NFTA_SET_TABLE = 1;
  public static final int NFTA_SET_NAME = 2;
  public static final int NFTA_SET_FLAGS = 3;
  public static final int NFTA_SET_KEY_TYPE = 4;
  public static final int NFTA_SET_KEY_LEN = 5;
  public static final int NFTA_SET_DATA_TYPE = 6;
  public static final int NFTA_SET_DATA_LEN = 7;
  public static final int NFTA_SET_POLICY = 8;
  public static final int NFTA_SET_DESC = 9;
  public static final int NFTA_SET_ID = 10;
  public static final int NFTA_SET_TIMEOUT = 11;
  public static final int NFTA_SET_GC_INTERVAL = 12;
  public static final int NFTA_SET_USERDATA = 13;
  public static final int NFTA_SET_PAD = 14;
  public static final int NFTA_SET_OBJ_TYPE = 15;
  public static final int NFTA_SET_HANDLE = 16;
  public static final int NFTA_SET_EXPR = 17;
  public static final int NFTA_SET_EXPRESSIONS = 18;

  // linux/netfilter/nf_tables.h: enum nft_set_elem_flags.
  public static final int NFT_SET_ELEM_INTERVAL_END = 0x1;
  public static final int NFT_SET_ELEM_CATCHALL = 0x2;

  // linux/netfilter/nf_tables.h: enum nft_set_elem_attributes.
  public static final int NFTA_SET_ELEM_UNSPEC = 0;
  public static final int NFTA_SET_ELEM_KEY = 1;
  public static final int NFTA_SET_ELEM_DATA = 2;
  public static final int NFTA_SET_ELEM_FLAGS = 3;
  public static final int NFTA_SET_ELEM_TIMEOUT = 4;
  public static final int NFTA_SET_ELEM_EXPIRATION = 5;
  public static final int NFTA_SET_ELEM_USERDATA = 6;
  public static final int NFTA_SET_ELEM_EXPR = 7;
  public static final int NFTA_SET_ELEM_PAD = 8;
  public static final int NFTA_SET_ELEM_OBJREF = 9;
  public static final int NFTA_SET_ELEM_KEY_END = 10;
  public static final int NFTA_SET_ELEM_EXPRESSIONS = 11;

  // linux/netfilter/nf_tables.h: enum nft_set_elem_list_attributes.
  public static final int NFTA_SET_ELEM_LIST_UNSPEC = 0;
  public static final int NFTA_SET_ELEM_LIST_TABLE = 1;
  public static final int NFTA_SET_ELEM_LIST_SET = 2;
  public static final int NFTA_SET_ELEM_LIST_ELEMENTS = 3;
  public static final int NFTA_SET_ELEM_LIST_SET_ID = 4;

  // linux/netfilter/nf_tables.h: enum nft_data_attributes.
  public static final int NFTA_DATA_UNSPEC = 0;
  public static final int NFTA_DATA_VALUE = 1;
  public static final int NFTA_DATA_VERDICT = 2;

  // linux/netfilter/nf_tables.h: enum nft_verdict_attributes.
  public static final int NFTA_VERDICT_UNSPEC = 0;
  public static final int NFTA_VERDICT_CODE = 1;
  public static final int NFTA_VERDICT_CHAIN = 2;
  public static final int NFTA_VERDICT_CHAIN_ID = 3;

  // linux/netfilter/nf_tables.h: enum nft_expr_attributes.
  public static final int NFTA_EXPR_UNSPEC = 0;
  public static final int NFTA_EXPR_NAME = 1;
  public static final int NFTA_EXPR_DATA = 2;

  // linux/netfilter/nf_tables.h: enum nft_immediate_attributes.
  public static final int NFTA_IMMEDIATE_UNSPEC = 0;
  public static final int NFTA_IMMEDIATE_DREG = 1;
  public static final int NFTA_IMMEDIATE_DATA = 2;

  // linux/netfilter/nf_tables.h: enum nft_bitwise_ops.
  public static final int NFT_BITWISE_MASK_XOR = 0;
  public static final int NFT_BITWISE_LSHIFT = 1;
  public static final int NFT_BITWISE_RSHIFT = 2;

  // linux/netfilter/nf_tables.h: enum nft_bitwise_attributes.
  public static final int NFTA_BITWISE_UNSPEC = 0;
  public static final int NFTA_BITWISE_SREG = 1;
  public static final int NFTA_BITWISE_DREG = 2;
  public static final int NFTA_BITWISE_LEN = 3;
  public static final int NFTA_BITWISE_MASK = 4;
  public static final int NFTA_BITWISE_XOR = 5;
  public static final int NFTA_BITWISE_OP = 6;
  public static final int NFTA_BITWISE_DATA = 7;

  // linux/netfilter/nf_tables.h: enum nft_cmp_ops.
  public static final int NFT_CMP_EQ = 0;
  public static final int NFT_CMP_NEQ = 1;
  public static final int NFT_CMP_LT = 2;
  public static final int NFT_CMP_LTE = 3;
  public static final int NFT_CMP_GT = 4;
  public static final int NFT_CMP_GTE = 5;

  // linux/netfilter/nf_tables.h: enum nft_cmp_attributes.
  public static final int NFTA_CMP_UNSPEC = 0;
  public static final int NFTA_CMP_SREG = 1;
  public static final int NFTA_CMP_OP = 2;
  public static final int NFTA_CMP_DATA = 3;

  // linux/netfilter/nf_tables.h: enum nft_lookup_flags.
  public static final int NFT_LOOKUP_F_INV = 0x1;

  // linux/netfilter/nf_tables.h: enum nft_lookup_attributes.
  public static final int NFTA_LOOKUP_UNSPEC = 0;
  public static final int NFTA_LOOKUP_SET = 1;
  public static final int NFTA_LOOKUP_SREG = 2;
  public static final int NFTA_LOOKUP_DREG = 3;
  public static final int NFTA_LOOKUP_SET_ID = 4;
  public static final int NFTA_LOOKUP_FLAGS = 5;

  // linux/netfilter/nf_tables.h: enum nft_payload_bases.
  public static final int NFT_PAYLOAD_LL_HEADER = 0;
  public static final int NFT_PAYLOAD_NETWORK_HEADER = 1;
  public static final int NFT_PAYLOAD_TRANSPORT_HEADER = 2;
  public static final int NFT_PAYLOAD_INNER_HEADER = 3;

  // linux/netfilter/nf_tables.h: enum nft_payload_attributes.
  public static final int NFTA_PAYLOAD_UNSPEC = 0;
  public static final int NFTA_PAYLOAD_DREG = 1;
  public static final int NFTA_PAYLOAD_BASE = 2;
  public static final int NFTA_PAYLOAD_OFFSET = 3;
  public static final int NFTA_PAYLOAD_LEN = 4;
  public static final int NFTA_PAYLOAD_SREG = 5;
  public static final int NFTA_PAYLOAD_CSUM_TYPE = 6;
  public static final int NFTA_PAYLOAD_CSUM_OFFSET = 7;
  public static final int NFTA_PAYLOAD_CSUM_FLAGS = 8;

  // linux/netfilter/nf_tables.h: enum nft_meta_keys.
  public static final int NFT_META_LEN = 0;
  public static final int NFT_META_PROTOCOL = 1;
  public static final int NFT_META_PRIORITY = 2;
  public static final int NFT_META_MARK = 3;
  public static final int NFT_META_IIF = 4;
  public static final int NFT_META_OIF = 5;
  public static final int NFT_META_IIFNAME = 6;
  public static final int NFT_META_OIFNAME = 7;
  public static final int NFT_META_IFTYPE = 8;
  public static final int NFT_META_OIFTYPE = 9;
  public static final int NFT_META_SKUID = 10;
  public static final int NFT_META_SKGID = 11;
  public static final int NFT_META_NFTRACE = 12;
  public static final int NFT_META_RTCLASSID = 13;
  public static final int NFT_META_SECMARK = 14;
  public static final int NFT_META_NFPROTO = 15;
  public static final int NFT_META_L4PROTO = 16;
  public static final int NFT_META_BRI_IIFNAME = 17;
  public static final int NFT_META_BRI_OIFNAME = 18;
  public static final int NFT_META_PKTTYPE = 19;
  public static final int NFT_META_CPU = 20;
  public static final int NFT_META_IIFGROUP = 21;
  public static final int NFT_META_OIFGROUP = 22;
  public static final int NFT_META_CGROUP = 23;
  public static final int NFT_META_PRANDOM = 24;
  public static final int NFT_META_SECPATH = 25;
  public static final int NFT_META_IIFKIND = 26;
  public static final int NFT_META_OIFKIND = 27;
  public static final int NFT_META_BRI_IIFPVID = 28;
  public static final int NFT_META_BRI_IIFVPROTO = 29;
  public static final int NFT_META_TIME_NS = 30;
  public static final int NFT_META_TIME_DAY = 31;
  public static final int NFT_META_TIME_HOUR = 32;
  public static final int NFT_META_SDIF = 33;
  public static final int NFT_META_SDIFNAME = 34;

  // linux/netfilter/nf_tables.h: enum nft_meta_attributes.
  public static final int NFTA_META_UNSPEC = 0;
  public static final int NFTA_META_DREG = 1;
  public static final int NFTA_META_KEY = 2;
  public static final int NFTA_META_SREG = 3;

  // linux/netfilter/nf_tables.h: enum nft_ct_keys.
  public static final int NFT_CT_STATE = 0;
  public static final int NFT_CT_DIRECTION = 1;
  public static final int NFT_CT_STATUS = 2;
  public static final int NFT_CT_MARK = 3;
  public static final int NFT_CT_SECMARK = 4;
  public static final int NFT_CT_EXPIRATION = 5;
  public static final int NFT_CT_HELPER = 6;
  public static final int NFT_CT_L3PROTOCOL = 7;
  public static final int NFT_CT_SRC = 8;
  public static final int NFT_CT_DST = 9;
  public static final int NFT_CT_PROTOCOL = 10;
  public static final int NFT_CT_PROTO_SRC = 11;
  public static final int NFT_CT_PROTO_DST = 12;
  public static final int NFT_CT_LABELS = 13;
  public static final int NFT_CT_PKTS = 14;
  public static final int NFT_CT_BYTES = 15;
  public static final int NFT_CT_AVGPKT = 16;
  public static final int NFT_CT_ZONE = 17;
  public static final int NFT_CT_EVENTMASK = 18;
  public static final int NFT_CT_SRC_IP = 19;
  public static final int NFT_CT_DST_IP = 20;
  public static final int NFT_CT_SRC_IP6 = 21;
  public static final int NFT_CT_DST_IP6 = 22;
  public static final int NFT_CT_ID = 23;

  // linux/netfilter/nf_tables.h: enum nft_ct_attributes.
  public static final int NFTA_CT_UNSPEC = 0;
  public static final int NFTA_CT_DREG = 1;
  public static final int NFTA_CT_KEY = 2;
  public static final int NFTA_CT_DIRECTION = 3;
  public static final int NFTA_CT_SREG = 4;

  // linux/netfilter/nf_tables.h: enum nft_counter_attributes.
  public static final int NFTA_COUNTER_UNSPEC = 0;
  public static final int NFTA_COUNTER_BYTES = 1;
  public static final int NFTA_COUNTER_PACKETS = 2;
  public static final int NFTA_COUNTER_PAD = 3;

  // linux/netfilter/nf_tables.h: enum nft_nat_types.
  public static final int NFT_NAT_SNAT = 0;
  public static final int NFT_NAT_DNAT = 1;

  // linux/netfilter/nf_tables.h: enum nft_nat_attributes.
  public static final int NFTA_NAT_UNSPEC = 0;
  public static final int NFTA_NAT_TYPE = 1;
  public static final int NFTA_NAT_FAMILY = 2;
  public static final int NFTA_NAT_REG_ADDR_MIN = 3;
  public static final int NFTA_NAT_REG_ADDR_MAX = 4;
  public static final int NFTA_NAT_REG_PROTO_MIN = 5;
  public static final int NFTA_NAT_REG_PROTO_MAX = 6;
  public static final int NFTA_NAT_FLAGS = 7;

  // linux/netfilter/nf_tables.h: enum nft_masq_attributes.
  public static final int NFTA_MASQ_UNSPEC = 0;
  public static final int NFTA_MASQ_FLAGS = 1;
  public static final int NFTA_MASQ_REG_PROTO_MIN = 2;
  public static final int NFTA_MASQ_REG_PROTO_MAX = 3;

  // linux/netfilter/nf_tables.h: enum nft_fib_attributes.
  public static final int NFTA_FIB_UNSPEC = 0;
  public static final int NFTA_FIB_DREG = 1;
  public static final int NFTA_FIB_RESULT = 2;
  public static final int NFTA_FIB_FLAGS = 3;

  // linux/netfilter/nf_tables.h: enum nft_fib_result.
  public static final int NFT_FIB_RESULT_UNSPEC = 0;
  public static final int NFT_FIB_RESULT_OIF = 1;
  public static final int NFT_FIB_RESULT_OIFNAME = 2;
  public static final int NFT_FIB_RESULT_ADDRTYPE = 3;

  // linux/netfilter/nf_tables.h: enum nft_fib_flags.
  public static final int NFTA_FIB_F_SADDR = 1 << 0;
  public static final int NFTA_FIB_F_DADDR = 1 << 1;
  public static final int NFTA_FIB_F_MARK = 1 << 2;
  public static final int NFTA_FIB_F_IIF = 1 << 3;
  public static final int NFTA_FIB_F_OIF = 1 << 4;
  public static final int NFTA_FIB_F_PRESENT = 1 << 5;

  // linux/netfilter/nf_tables.h: enum nft_gen_attributes.
  public static final int NFTA_GEN_UNSPEC = 0;
  public static final int NFTA_GEN_ID = 1;
  public static final int NFTA_GEN_PROC_PID = 2;
  public static final int NFTA_GEN_PROC_NAME = 3;

  // linux/netfilter/nf_tables.h: enum nft_data_types.
  public static final int NFT_DATA_VALUE = 0;
  public static final int NFT_DATA_VERDICT = 0xffffff00;
}
