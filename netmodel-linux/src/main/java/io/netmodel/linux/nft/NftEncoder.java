package io.netmodel.linux.nft;

import static io.netmodel.linux.nft.NfTables.*;

import io.netmodel.linux.netlink.MessageWriter;
import io.netmodel.linux.netlink.Netlink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * Writes nf_tables messages: the {@code struct nfgenmsg} and attributes of each command, the
 * expressions of rules, and whole batches. u32 attributes go in network order (the kernel reads
 * them with {@code ntohl}); the attribute order is {@code nft}'s, so that the bytes match what it
 * sends.
 */
final class NftEncoder {
  private NftEncoder() {}

  /** The flags of a batch's commands that {@code nft} does not send but this package asks for. */
  static final int REPLY_FLAGS = Netlink.NLM_F_ACK | Netlink.NLM_F_ECHO;

  /**
   * Writes {@code batch} as {@code NFNL_MSG_BATCH_BEGIN} (sequence number {@code firstSeq}), its
   * commands ({@code firstSeq + 1} on, each asking for an acknowledgement, additions also for an
   * echo that carries the new object's handle) and {@code NFNL_MSG_BATCH_END}.
   */
  static void writeBatch(MessageWriter w, NftBatch batch, int firstSeq) {
    writeBatchMarker(w, NfNetlink.NFNL_MSG_BATCH_BEGIN, firstSeq);
    int seq = firstSeq;
    for (NftCommand c : batch.commands()) {
      seq++;
      int position = seq - firstSeq;
      int flags = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | flags(c);
      if (echoes(c)) {
        flags |= Netlink.NLM_F_ECHO;
      }
      w.begin(messageType(c), flags, seq, 0);
      writeBody(w, c, position);
      w.end();
    }
    writeBatchMarker(w, NfNetlink.NFNL_MSG_BATCH_END, seq + 1);
  }

  private static void writeBatchMarker(MessageWriter w, int type, int seq) {
    w.begin(type, Netlink.NLM_F_REQUEST, seq, 0);
    nfgenmsg(w, Netfilter.NFPROTO_UNSPEC, NfNetlink.NFNL_SUBSYS_NFTABLES);
    w.end();
  }

  /** {@code struct nfgenmsg}: family, {@code NFNETLINK_V0}, {@code res_id} in network order. */
  static void nfgenmsg(MessageWriter w, int family, int resId) {
    w.u8(family).u8(NfNetlink.NFNETLINK_V0).u8(resId >>> 8).u8(resId & 0xff);
  }

  /** Whether the kernel is asked to echo what {@code c} adds (to learn its handle). */
  static boolean echoes(NftCommand c) {
    return c instanceof NftCommand.AddTable
        || c instanceof NftCommand.AddChain
        || c instanceof NftCommand.AddRule
        || c instanceof NftCommand.AddSet;
  }

  /** The {@code nlmsg_type} of {@code c}. */
  static int messageType(NftCommand c) {
    int message;
    if (c instanceof NftCommand.AddTable) {
      message = NFT_MSG_NEWTABLE;
    } else if (c instanceof NftCommand.DeleteTable) {
      message = NFT_MSG_DELTABLE;
    } else if (c instanceof NftCommand.AddChain) {
      message = NFT_MSG_NEWCHAIN;
    } else if (c instanceof NftCommand.DeleteChain) {
      message = NFT_MSG_DELCHAIN;
    } else if (c instanceof NftCommand.AddRule) {
      message = NFT_MSG_NEWRULE;
    } else if (c instanceof NftCommand.DeleteRule) {
      message = NFT_MSG_DELRULE;
    } else if (c instanceof NftCommand.AddSet) {
      message = NFT_MSG_NEWSET;
    } else if (c instanceof NftCommand.DeleteSet) {
      message = NFT_MSG_DELSET;
    } else if (c instanceof NftCommand.AddElements) {
      message = NFT_MSG_NEWSETELEM;
    } else {
      message = NFT_MSG_DELSETELEM;
    }
    return NfNetlink.nftablesType(message);
  }

  /** The {@code nlmsg_flags} of {@code c} besides request, ack and echo, as {@code nft} sends. */
  static int flags(NftCommand c) {
    if (c instanceof NftCommand.AddTable) {
      return ((NftCommand.AddTable) c).exclusive() ? Netlink.NLM_F_EXCL : 0;
    }
    if (c instanceof NftCommand.AddChain) {
      return Netlink.NLM_F_CREATE
          | (((NftCommand.AddChain) c).exclusive() ? Netlink.NLM_F_EXCL : 0);
    }
    if (c instanceof NftCommand.AddRule) {
      boolean insert = ((NftCommand.AddRule) c).insert();
      return Netlink.NLM_F_CREATE | (insert ? 0 : Netlink.NLM_F_APPEND);
    }
    if (c instanceof NftCommand.AddSet || c instanceof NftCommand.AddElements) {
      return Netlink.NLM_F_CREATE;
    }
    return 0;
  }

  /**
   * The {@code nfgenmsg} and attributes of {@code c}, command {@code position} (from 1) of its
   * batch; a new set's {@code NFTA_SET_ID}, which the kernel requires, is its position.
   */
  static void writeBody(MessageWriter w, NftCommand c, int position) {
    nfgenmsg(w, c.family().nfproto(), 0);
    if (c instanceof NftCommand.AddTable) {
      NftCommand.AddTable t = (NftCommand.AddTable) c;
      w.attrString(NFTA_TABLE_NAME, t.name());
      w.attrBe32(NFTA_TABLE_FLAGS, 0);
    } else if (c instanceof NftCommand.DeleteTable) {
      w.attrString(NFTA_TABLE_NAME, ((NftCommand.DeleteTable) c).name());
    } else if (c instanceof NftCommand.AddChain) {
      writeAddChain(w, (NftCommand.AddChain) c);
    } else if (c instanceof NftCommand.DeleteChain) {
      NftCommand.DeleteChain d = (NftCommand.DeleteChain) c;
      w.attrString(NFTA_CHAIN_TABLE, d.table());
      w.attrString(NFTA_CHAIN_NAME, d.name());
    } else if (c instanceof NftCommand.AddRule) {
      writeAddRule(w, (NftCommand.AddRule) c);
    } else if (c instanceof NftCommand.DeleteRule) {
      NftCommand.DeleteRule d = (NftCommand.DeleteRule) c;
      w.attrString(NFTA_RULE_TABLE, d.table());
      w.attrString(NFTA_RULE_CHAIN, d.chain());
      attrBe64(w, NFTA_RULE_HANDLE, d.handle());
    } else if (c instanceof NftCommand.AddSet) {
      NftCommand.AddSet s = (NftCommand.AddSet) c;
      w.attrString(NFTA_SET_TABLE, s.table());
      w.attrString(NFTA_SET_NAME, s.name());
      w.attrBe32(NFTA_SET_FLAGS, s.flags());
      w.attrBe32(NFTA_SET_KEY_TYPE, s.key().datatype());
      w.attrBe32(NFTA_SET_KEY_LEN, s.key().length());
      w.attrBe32(NFTA_SET_ID, position);
      if (s.key().hostByteOrder()) {
        w.attrBytes(NFTA_SET_USERDATA, keyByteOrderHost());
      }
    } else if (c instanceof NftCommand.DeleteSet) {
      NftCommand.DeleteSet d = (NftCommand.DeleteSet) c;
      w.attrString(NFTA_SET_TABLE, d.table());
      w.attrString(NFTA_SET_NAME, d.name());
    } else if (c instanceof NftCommand.AddElements) {
      NftCommand.AddElements e = (NftCommand.AddElements) c;
      writeElements(w, e.table(), e.set(), e.keys());
    } else {
      NftCommand.DeleteElements e = (NftCommand.DeleteElements) c;
      writeElements(w, e.table(), e.set(), e.keys());
    }
  }

  private static void writeAddChain(MessageWriter w, NftCommand.AddChain c) {
    w.attrString(NFTA_CHAIN_TABLE, c.table());
    w.attrString(NFTA_CHAIN_NAME, c.name());
    if (c.hook().isPresent()) {
      ChainHook h = c.hook().get();
      w.attrString(NFTA_CHAIN_TYPE, h.type().toString());
      w.attrBe32(NFTA_CHAIN_POLICY, h.policy().code());
      int hook = w.beginNested(NFTA_CHAIN_HOOK);
      w.attrBe32(NFTA_HOOK_HOOKNUM, h.hook().number());
      w.attrBe32(NFTA_HOOK_PRIORITY, h.priority());
      w.endNested(hook);
    }
  }

  private static void writeAddRule(MessageWriter w, NftCommand.AddRule r) {
    w.attrString(NFTA_RULE_TABLE, r.table());
    w.attrString(NFTA_RULE_CHAIN, r.chain());
    if (r.position().isPresent()) {
      attrBe64(w, NFTA_RULE_POSITION, r.position().getAsLong());
    }
    writeExpressions(w, r.expressions());
  }

  /** {@code NFTA_RULE_EXPRESSIONS}: one {@code NFTA_LIST_ELEM} per expression. */
  static void writeExpressions(MessageWriter w, List<Expression> expressions) {
    int list = w.beginNested(NFTA_RULE_EXPRESSIONS);
    for (Expression e : expressions) {
      int elem = w.beginNested(NFTA_LIST_ELEM);
      w.attrString(NFTA_EXPR_NAME, e.name());
      int data = w.beginNested(NFTA_EXPR_DATA);
      writeExpressionData(w, e);
      w.endNested(data);
      w.endNested(elem);
    }
    w.endNested(list);
  }

  private static void writeExpressionData(MessageWriter w, Expression e) {
    if (e instanceof Expression.Payload) {
      Expression.Payload p = (Expression.Payload) e;
      w.attrBe32(NFTA_PAYLOAD_DREG, p.dreg().number());
      w.attrBe32(NFTA_PAYLOAD_BASE, p.base().number());
      w.attrBe32(NFTA_PAYLOAD_OFFSET, p.offset());
      w.attrBe32(NFTA_PAYLOAD_LEN, p.length());
    } else if (e instanceof Expression.Cmp) {
      Expression.Cmp c = (Expression.Cmp) e;
      w.attrBe32(NFTA_CMP_SREG, c.sreg().number());
      w.attrBe32(NFTA_CMP_OP, c.op().number());
      writeDataValue(w, NFTA_CMP_DATA, c.data());
    } else if (e instanceof Expression.Bitwise) {
      Expression.Bitwise b = (Expression.Bitwise) e;
      w.attrBe32(NFTA_BITWISE_SREG, b.sreg().number());
      w.attrBe32(NFTA_BITWISE_DREG, b.dreg().number());
      w.attrBe32(NFTA_BITWISE_LEN, b.mask().length());
      writeDataValue(w, NFTA_BITWISE_MASK, b.mask());
      writeDataValue(w, NFTA_BITWISE_XOR, b.xor());
    } else if (e instanceof Expression.Meta) {
      Expression.Meta m = (Expression.Meta) e;
      w.attrBe32(NFTA_META_KEY, m.key().number());
      w.attrBe32(NFTA_META_DREG, m.dreg().number());
    } else if (e instanceof Expression.Ct) {
      Expression.Ct c = (Expression.Ct) e;
      w.attrBe32(NFTA_CT_KEY, c.key().number());
      w.attrBe32(NFTA_CT_DREG, c.dreg().number());
    } else if (e instanceof Expression.Fib) {
      Expression.Fib f = (Expression.Fib) e;
      w.attrBe32(NFTA_FIB_FLAGS, f.flags());
      w.attrBe32(NFTA_FIB_RESULT, f.result().number());
      w.attrBe32(NFTA_FIB_DREG, f.dreg().number());
    } else if (e instanceof Expression.Immediate) {
      Expression.Immediate i = (Expression.Immediate) e;
      w.attrBe32(NFTA_IMMEDIATE_DREG, i.dreg().number());
      writeDataValue(w, NFTA_IMMEDIATE_DATA, i.data());
    } else if (e instanceof Expression.ImmediateVerdict) {
      NftVerdict v = ((Expression.ImmediateVerdict) e).verdict();
      w.attrBe32(NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
      int data = w.beginNested(NFTA_IMMEDIATE_DATA);
      int verdict = w.beginNested(NFTA_DATA_VERDICT);
      w.attrBe32(NFTA_VERDICT_CODE, v.code());
      v.chain().ifPresent(chain -> w.attrString(NFTA_VERDICT_CHAIN, chain));
      w.endNested(verdict);
      w.endNested(data);
    } else if (e instanceof Expression.Nat) {
      Expression.Nat n = (Expression.Nat) e;
      w.attrBe32(NFTA_NAT_TYPE, n.type().number());
      w.attrBe32(NFTA_NAT_FAMILY, n.family().nfproto());
      attrRegister(w, NFTA_NAT_REG_ADDR_MIN, n.addressMin());
      attrRegister(w, NFTA_NAT_REG_ADDR_MAX, n.addressMax());
      attrRegister(w, NFTA_NAT_REG_PROTO_MIN, n.portMin());
      attrRegister(w, NFTA_NAT_REG_PROTO_MAX, n.portMax());
      if (n.flags() != 0) {
        w.attrBe32(NFTA_NAT_FLAGS, n.flags());
      }
    } else if (e instanceof Expression.Masquerade) {
      Expression.Masquerade m = (Expression.Masquerade) e;
      if (m.flags() != 0) {
        w.attrBe32(NFTA_MASQ_FLAGS, m.flags());
      }
      attrRegister(w, NFTA_MASQ_REG_PROTO_MIN, m.portMin());
      attrRegister(w, NFTA_MASQ_REG_PROTO_MAX, m.portMax());
    } else if (e instanceof Expression.Counter) {
      Expression.Counter c = (Expression.Counter) e;
      if (c.packets() != 0 || c.bytes() != 0) {
        attrBe64(w, NFTA_COUNTER_BYTES, c.bytes());
        attrBe64(w, NFTA_COUNTER_PACKETS, c.packets());
      }
    } else if (e instanceof Expression.Lookup) {
      Expression.Lookup l = (Expression.Lookup) e;
      w.attrBe32(NFTA_LOOKUP_SREG, l.sreg().number());
      attrRegister(w, NFTA_LOOKUP_DREG, l.dreg());
      w.attrString(NFTA_LOOKUP_SET, l.set());
      if (l.setId().isPresent()) {
        w.attrBe32(NFTA_LOOKUP_SET_ID, l.setId().getAsInt());
      }
      if (l.inverted()) {
        w.attrBe32(NFTA_LOOKUP_FLAGS, NFT_LOOKUP_F_INV);
      }
    } else {
      w.bytes(((Expression.Opaque) e).data());
    }
  }

  /**
   * A set's {@code NFTA_SET_USERDATA} saying its keys are in host byte order, as {@code nft}
   * writes it (libnftnl's TLV: type {@code NFTNL_UDATA_SET_KEYBYTEORDER} 0, length 4, u32
   * {@code BYTEORDER_HOST_ENDIAN} 1). The kernel ignores it; without it {@code nft list} takes
   * the keys for big-endian and prints an interface name as {@code ""}.
   */
  private static byte[] keyByteOrderHost() {
    return ByteBuffer.allocate(6).order(ByteOrder.nativeOrder())
        .put((byte) 0).put((byte) 4).putInt(1).array();
  }

  private static void writeElements(
      MessageWriter w, String table, String set, List<NftValue> keys) {
    w.attrString(NFTA_SET_ELEM_LIST_TABLE, table);
    w.attrString(NFTA_SET_ELEM_LIST_SET, set);
    int list = w.beginNested(NFTA_SET_ELEM_LIST_ELEMENTS);
    for (NftValue key : keys) {
      int elem = w.beginNested(NFTA_LIST_ELEM);
      writeDataValue(w, NFTA_SET_ELEM_KEY, key);
      w.endNested(elem);
    }
    w.endNested(list);
  }

  /** A nest of type {@code type} holding {@code NFTA_DATA_VALUE}. */
  private static void writeDataValue(MessageWriter w, int type, NftValue value) {
    int nest = w.beginNested(type);
    w.attrBytes(NFTA_DATA_VALUE, value.bytes());
    w.endNested(nest);
  }

  private static void attrRegister(MessageWriter w, int type, Optional<NftRegister> register) {
    register.ifPresent(r -> w.attrBe32(type, r.number()));
  }

  /** A 64-bit attribute in network order (handles, positions, counters). */
  static void attrBe64(MessageWriter w, int type, long value) {
    w.attrBytes(type, ByteBuffer.allocate(8).putLong(value).array());
  }
}
