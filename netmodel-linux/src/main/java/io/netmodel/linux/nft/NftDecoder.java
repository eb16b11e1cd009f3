package io.netmodel.linux.nft;

import static io.netmodel.linux.nft.NfTables.*;

import io.netmodel.linux.netlink.NetlinkAttribute;
import io.netmodel.linux.netlink.NetlinkAttributes;
import io.netmodel.linux.netlink.NetlinkMessage;
import io.netmodel.linux.netlink.NetlinkProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads the kernel's nf_tables messages (tables, chains, rules, sets and the expressions of
 * rules) into this package's records. An expression whose attributes this package does not model
 * is kept as {@link Expression.Opaque}.
 */
final class NftDecoder {
  private NftDecoder() {}

  static NftFamily family(NetlinkMessage m) {
    int nfproto = m.u8(0);
    return NftFamily.ofNfproto(nfproto)
        .orElseThrow(() -> new NetlinkProtocolException(
            "nf_tables message of type " + m.type() + " has unknown family " + nfproto));
  }

  static NetlinkAttributes attributes(NetlinkMessage m) {
    return m.attributes(NfNetlink.NFGENMSG_SIZE);
  }

  static NftTable table(NetlinkMessage m) {
    NetlinkAttributes a = attributes(m);
    return new NftTable(
        family(m),
        required(a, NFTA_TABLE_NAME, "NFTA_TABLE_NAME").string(),
        be64(a, NFTA_TABLE_HANDLE).orElse(0),
        be32(a, NFTA_TABLE_FLAGS).orElse(0),
        be32(a, NFTA_TABLE_USE).orElse(0));
  }

  static NftChain chain(NetlinkMessage m) {
    NftFamily family = family(m);
    NetlinkAttributes a = attributes(m);
    Optional<ChainHook> hook = Optional.empty();
    Optional<NetlinkAttributes> h = a.nested(NFTA_CHAIN_HOOK);
    Optional<NftChainType> type = a.string(NFTA_CHAIN_TYPE).flatMap(NftChainType::ofName);
    boolean inetFamily =
        family == NftFamily.IP || family == NftFamily.IP6 || family == NftFamily.INET;
    if (h.isPresent() && type.isPresent() && inetFamily) {
      Optional<NftHook> number =
          be32(h.get(), NFTA_HOOK_HOOKNUM).stream().boxed().findFirst()
              .flatMap(NftHook::ofNumber);
      int policy = be32(a, NFTA_CHAIN_POLICY).orElse(Netfilter.NF_ACCEPT);
      if (number.isPresent()) {
        hook = Optional.of(new ChainHook(type.get(), number.get(),
            be32(h.get(), NFTA_HOOK_PRIORITY).orElse(0),
            policy == Netfilter.NF_DROP ? NftVerdict.DROP : NftVerdict.ACCEPT));
      }
    }
    return new NftChain(
        family,
        required(a, NFTA_CHAIN_TABLE, "NFTA_CHAIN_TABLE").string(),
        required(a, NFTA_CHAIN_NAME, "NFTA_CHAIN_NAME").string(),
        be64(a, NFTA_CHAIN_HANDLE).orElse(0),
        be32(a, NFTA_CHAIN_USE).orElse(0),
        hook);
  }

  static NftRule rule(NetlinkMessage m) {
    NetlinkAttributes a = attributes(m);
    List<Expression> expressions = new ArrayList<>();
    Optional<NetlinkAttributes> list = a.nested(NFTA_RULE_EXPRESSIONS);
    if (list.isPresent()) {
      for (NetlinkAttribute elem : list.get().all(NFTA_LIST_ELEM)) {
        expressions.add(expression(elem.nested()));
      }
    }
    return new NftRule(
        family(m),
        required(a, NFTA_RULE_TABLE, "NFTA_RULE_TABLE").string(),
        required(a, NFTA_RULE_CHAIN, "NFTA_RULE_CHAIN").string(),
        be64(a, NFTA_RULE_HANDLE).orElse(0),
        expressions);
  }

  static NftSet set(NetlinkMessage m) {
    NetlinkAttributes a = attributes(m);
    int keyLength = be32(a, NFTA_SET_KEY_LEN).orElse(0);
    Optional<NftSetKey> key =
        be32(a, NFTA_SET_KEY_TYPE).stream().boxed().findFirst()
            .flatMap(NftSetKey::ofDatatype)
            .filter(k -> k.length() == keyLength);
    return new NftSet(
        family(m),
        required(a, NFTA_SET_TABLE, "NFTA_SET_TABLE").string(),
        required(a, NFTA_SET_NAME, "NFTA_SET_NAME").string(),
        be64(a, NFTA_SET_HANDLE).orElse(0),
        be32(a, NFTA_SET_FLAGS).orElse(0),
        keyLength,
        key);
  }

  /** The handle an echoed {@code NFT_MSG_NEW*} message carries, if any. */
  static OptionalLong handleOf(NetlinkMessage m) {
    NetlinkAttributes a = attributes(m);
    switch (NfNetlink.messageOf(m.type())) {
      case NFT_MSG_NEWTABLE:
        return be64(a, NFTA_TABLE_HANDLE);
      case NFT_MSG_NEWCHAIN:
        return be64(a, NFTA_CHAIN_HANDLE);
      case NFT_MSG_NEWRULE:
        return be64(a, NFTA_RULE_HANDLE);
      case NFT_MSG_NEWSET:
        return be64(a, NFTA_SET_HANDLE);
      default:
        return OptionalLong.empty();
    }
  }

  /** The generation id of an {@code NFT_MSG_NEWGEN} message. */
  static OptionalLong generation(NetlinkMessage m) {
    OptionalInt id = be32(attributes(m), NFTA_GEN_ID);
    return id.isPresent()
        ? OptionalLong.of(Integer.toUnsignedLong(id.getAsInt()))
        : OptionalLong.empty();
  }

  /** One expression from the attributes of its {@code NFTA_LIST_ELEM}. */
  static Expression expression(NetlinkAttributes elem) {
    String name = required(elem, NFTA_EXPR_NAME, "NFTA_EXPR_NAME").string();
    Optional<NetlinkAttribute> dataAttribute = elem.find(NFTA_EXPR_DATA);
    NetlinkAttributes data =
        dataAttribute.map(NetlinkAttribute::nested).orElse(NetlinkAttributes.empty());
    Optional<Expression> known = modelled(name, data);
    return known.orElseGet(() -> new Expression.Opaque(
        name, dataAttribute.map(NetlinkAttribute::bytes).orElse(new byte[0])));
  }

  private static Optional<Expression> modelled(String name, NetlinkAttributes d) {
    switch (name) {
      case "payload":
        if (d.has(NFTA_PAYLOAD_SREG)) {
          return Optional.empty(); // a payload write, not a load
        }
        return register(d, NFTA_PAYLOAD_DREG).flatMap(dreg ->
            payloadBase(d).flatMap(base -> all(d, NFTA_PAYLOAD_OFFSET, NFTA_PAYLOAD_LEN)
                .map(v -> new Expression.Payload(base, v[0], v[1], dreg))));
      case "cmp":
        return register(d, NFTA_CMP_SREG).flatMap(sreg ->
            enumAt(Expression.Cmp.Op.values(), be32(d, NFTA_CMP_OP)).flatMap(op ->
                value(d, NFTA_CMP_DATA).map(data -> new Expression.Cmp(op, sreg, data))));
      case "bitwise":
        if (be32(d, NFTA_BITWISE_OP).orElse(NFT_BITWISE_MASK_XOR) != NFT_BITWISE_MASK_XOR) {
          return Optional.empty();
        }
        return register(d, NFTA_BITWISE_SREG).flatMap(sreg ->
            register(d, NFTA_BITWISE_DREG).flatMap(dreg ->
                value(d, NFTA_BITWISE_MASK).flatMap(mask ->
                    value(d, NFTA_BITWISE_XOR)
                        .filter(xor -> xor.length() == mask.length())
                        .map(xor -> new Expression.Bitwise(sreg, dreg, mask, xor)))));
      case "meta":
        return register(d, NFTA_META_DREG).flatMap(dreg ->
            be32(d, NFTA_META_KEY).stream().boxed().findFirst()
                .flatMap(Expression.Meta.Key::ofNumber)
                .map(key -> new Expression.Meta(key, dreg)));
      case "ct":
        if (d.has(NFTA_CT_DIRECTION) || d.has(NFTA_CT_SREG)) {
          return Optional.empty();
        }
        return register(d, NFTA_CT_DREG).flatMap(dreg ->
            be32(d, NFTA_CT_KEY).stream().boxed().findFirst()
                .flatMap(Expression.Ct.Key::ofNumber)
                .map(key -> new Expression.Ct(key, dreg)));
      case "fib":
        return register(d, NFTA_FIB_DREG).flatMap(dreg ->
            be32(d, NFTA_FIB_RESULT).stream().boxed().findFirst()
                .flatMap(Expression.Fib.Result::ofNumber)
                .flatMap(result -> fib(result, be32(d, NFTA_FIB_FLAGS).orElse(0), dreg)));
      case "immediate":
        return immediate(d);
      case "nat":
        return natFamily(d).flatMap(family ->
            enumAt(Expression.Nat.Type.values(), be32(d, NFTA_NAT_TYPE)).map(type ->
                new Expression.Nat(type, family,
                    register(d, NFTA_NAT_REG_ADDR_MIN), register(d, NFTA_NAT_REG_ADDR_MAX),
                    register(d, NFTA_NAT_REG_PROTO_MIN), register(d, NFTA_NAT_REG_PROTO_MAX),
                    be32(d, NFTA_NAT_FLAGS).orElse(0))));
      case "masq":
        return Optional.of(new Expression.Masquerade(be32(d, NFTA_MASQ_FLAGS).orElse(0),
            register(d, NFTA_MASQ_REG_PROTO_MIN), register(d, NFTA_MASQ_REG_PROTO_MAX)));
      case "counter":
        return Optional.of(new Expression.Counter(
            be64(d, NFTA_COUNTER_PACKETS).orElse(0), be64(d, NFTA_COUNTER_BYTES).orElse(0)));
      case "lookup":
        return register(d, NFTA_LOOKUP_SREG).flatMap(sreg ->
            d.string(NFTA_LOOKUP_SET).map(set -> new Expression.Lookup(
                set, be32(d, NFTA_LOOKUP_SET_ID), sreg, register(d, NFTA_LOOKUP_DREG),
                (be32(d, NFTA_LOOKUP_FLAGS).orElse(0) & NFT_LOOKUP_F_INV) != 0)));
      default:
        return Optional.empty();
    }
  }

  private static Optional<Expression> fib(
      Expression.Fib.Result result, int flags, NftRegister dreg) {
    try {
      return Optional.of(new Expression.Fib(result, flags, dreg));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // flags of a kernel newer than this package
    }
  }

  private static Optional<Expression> immediate(NetlinkAttributes d) {
    OptionalInt dreg = be32(d, NFTA_IMMEDIATE_DREG);
    Optional<NetlinkAttributes> data = d.nested(NFTA_IMMEDIATE_DATA);
    if (dreg.isEmpty() || data.isEmpty()) {
      return Optional.empty();
    }
    if (dreg.getAsInt() == NFT_REG_VERDICT) {
      Optional<NetlinkAttributes> verdict = data.get().nested(NFTA_DATA_VERDICT);
      OptionalInt code = verdict.isPresent()
          ? be32(verdict.get(), NFTA_VERDICT_CODE)
          : OptionalInt.empty();
      if (code.isEmpty()) {
        return Optional.empty();
      }
      Optional<String> chain = verdict.get().string(NFTA_VERDICT_CHAIN);
      try {
        return Optional.of(new Expression.ImmediateVerdict(
            new NftVerdict(code.getAsInt(), chain)));
      } catch (IllegalArgumentException e) {
        return Optional.empty(); // a verdict this package does not model, such as queue
      }
    }
    return NftRegister.ofNumber(dreg.getAsInt()).flatMap(r ->
        data.get().bytes(NFTA_DATA_VALUE)
            .filter(NftDecoder::valueLength)
            .map(bytes -> new Expression.Immediate(r, new NftValue(bytes))));
  }

  private static Optional<Expression.Payload.Base> payloadBase(NetlinkAttributes d) {
    return enumAt(Expression.Payload.Base.values(), be32(d, NFTA_PAYLOAD_BASE));
  }

  private static Optional<NftFamily> natFamily(NetlinkAttributes d) {
    return be32(d, NFTA_NAT_FAMILY).stream().boxed().findFirst()
        .flatMap(NftFamily::ofNfproto)
        .filter(f -> f == NftFamily.IP || f == NftFamily.IP6);
  }

  /** Values of both attributes, within a payload's limits, or empty. */
  private static Optional<int[]> all(NetlinkAttributes d, int offsetType, int lengthType) {
    OptionalInt offset = be32(d, offsetType);
    OptionalInt length = be32(d, lengthType);
    if (offset.isEmpty() || length.isEmpty()) {
      return Optional.empty();
    }
    int o = offset.getAsInt();
    int l = length.getAsInt();
    if (o < 0 || o > 0xff || l < 1 || l > NFT_DATA_VALUE_MAXLEN) {
      return Optional.empty();
    }
    return Optional.of(new int[] {o, l});
  }

  private static <E> Optional<E> enumAt(E[] values, OptionalInt number) {
    if (number.isEmpty() || number.getAsInt() < 0 || number.getAsInt() >= values.length) {
      return Optional.empty();
    }
    return Optional.of(values[number.getAsInt()]);
  }

  private static Optional<NftRegister> register(NetlinkAttributes d, int type) {
    OptionalInt number = be32(d, type);
    return number.isPresent() ? NftRegister.ofNumber(number.getAsInt()) : Optional.empty();
  }

  private static Optional<NftValue> value(NetlinkAttributes d, int type) {
    return d.nested(type)
        .flatMap(n -> n.bytes(NFTA_DATA_VALUE))
        .filter(NftDecoder::valueLength)
        .map(NftValue::new);
  }

  private static boolean valueLength(byte[] bytes) {
    return bytes.length >= 1 && bytes.length <= NFT_DATA_VALUE_MAXLEN;
  }

  static OptionalInt be32(NetlinkAttributes a, int type) {
    Optional<NetlinkAttribute> found = a.find(type);
    return found.isPresent() ? OptionalInt.of(found.get().be32()) : OptionalInt.empty();
  }

  static OptionalLong be64(NetlinkAttributes a, int type) {
    Optional<NetlinkAttribute> found = a.find(type);
    if (found.isEmpty()) {
      return OptionalLong.empty();
    }
    byte[] bytes = found.get().bytes();
    if (bytes.length < 8) {
      throw new NetlinkProtocolException(
          "attribute " + type + " too short for a be64: " + bytes.length + " bytes");
    }
    return OptionalLong.of(ByteBuffer.wrap(bytes).getLong());
  }

  private static NetlinkAttribute required(NetlinkAttributes a, int type, String name) {
    return a.find(type).orElseThrow(() -> new NetlinkProtocolException(
        "nf_tables message lacks " + name + " (" + type + "): " + a));
  }
}
