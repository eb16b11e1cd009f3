package io.netmodel.linux.nft;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One expression of an nf_tables rule: a step of the kernel's rule virtual machine that loads
 * packet data into a register, compares or transforms registers, or acts (verdict, NAT,
 * counting). A rule is a list of them, run in order until one does not match.
 *
 * <pre>{@code
 * // tcp dport 8080 dnat to 10.213.0.2:80, as nft writes it
 * List<Expression> rule = List.of(
 *     new Expression.Meta(Expression.Meta.Key.L4PROTO, NftRegister.REG_1),
 *     Expression.Cmp.eq(NftRegister.REG_1, NftValue.ofU8(6)),
 *     new Expression.Payload(Expression.Payload.Base.TRANSPORT, 2, 2, NftRegister.REG_1),
 *     Expression.Cmp.eq(NftRegister.REG_1, NftValue.ofBe16(8080)),
 *     new Expression.Immediate(NftRegister.REG_1, NftValue.ofAddress(address)),
 *     new Expression.Immediate(NftRegister.REG_2, NftValue.ofBe16(80)),
 *     Expression.Nat.dnat(NftFamily.IP, NftRegister.REG_1, Optional.of(NftRegister.REG_2)));
 * }</pre>
 *
 * {@link NftMatch} builds the common ones. The kinds are the records below; on Java 17 tell
 * them apart with an {@code instanceof} chain. Expressions the kernel returns that this package
 * does not model are read as {@link Opaque} and written back unchanged. All are immutable.
 */
public sealed interface Expression {

  /** The kernel's name of the expression ({@code NFTA_EXPR_NAME}), such as {@code "payload"}. */
  String name();

  /** {@code payload}: loads {@code length} bytes at {@code offset} of a header into a register. */
  record Payload(Base base, int offset, int length, NftRegister dreg) implements Expression {
    /** {@code enum nft_payload_bases}: the header that {@code offset} counts from. */
    public enum Base {
      LINK(0),
      NETWORK(1),
      TRANSPORT(2),
      INNER(3);

      private final int number;

      Base(int number) {
        this.number = number;
      }

      /** The {@code NFT_PAYLOAD_*} number. */
      public int number() {
        return number;
      }
    }

    public Payload {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(dreg, "dreg");
      if (offset < 0 || offset > 0xff) {
        throw new IllegalArgumentException("payload offset out of range 0..255: " + offset);
      }
      checkLength("payload", length);
    }

    @Override
    public String name() {
      return "payload";
    }
  }

  /** {@code cmp}: compares a register with a value; the rule stops here unless it holds. */
  record Cmp(Op op, NftRegister sreg, NftValue data) implements Expression {
    /** {@code enum nft_cmp_ops}. */
    public enum Op {
      EQ,
      NEQ,
      LT,
      LTE,
      GT,
      GTE;

      /** The {@code NFT_CMP_*} number. */
      public int number() {
        return ordinal();
      }
    }

    public Cmp {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(sreg, "sreg");
      Objects.requireNonNull(data, "data");
    }

    /** The register equals {@code data}. */
    public static Cmp eq(NftRegister sreg, NftValue data) {
      return new Cmp(Op.EQ, sreg, data);
    }

    /** The register differs from {@code data}. */
    public static Cmp neq(NftRegister sreg, NftValue data) {
      return new Cmp(Op.NEQ, sreg, data);
    }

    @Override
    public String name() {
      return "cmp";
    }
  }

  /** {@code bitwise} (mask and xor): {@code dreg = (sreg & mask) ^ xor}, over the mask's length. */
  record Bitwise(NftRegister sreg, NftRegister dreg, NftValue mask, NftValue xor)
      implements Expression {
    public Bitwise {
      Objects.requireNonNull(sreg, "sreg");
      Objects.requireNonNull(dreg, "dreg");
      Objects.requireNonNull(mask, "mask");
      Objects.requireNonNull(xor, "xor");
      if (mask.length() != xor.length()) {
        throw new IllegalArgumentException(
            "bitwise mask and xor must be as long: " + mask + " and " + xor);
      }
    }

    @Override
    public String name() {
      return "bitwise";
    }
  }

  /** {@code meta}: loads a property of the packet (not of its bytes) into a register. */
  record Meta(Key key, NftRegister dreg) implements Expression {
    /** The keys of {@code enum nft_meta_keys} that netmodel uses. */
    public enum Key {
      LEN(NfTables.NFT_META_LEN),
      PROTOCOL(NfTables.NFT_META_PROTOCOL),
      MARK(NfTables.NFT_META_MARK),
      IIF(NfTables.NFT_META_IIF),
      OIF(NfTables.NFT_META_OIF),
      IIFNAME(NfTables.NFT_META_IIFNAME),
      OIFNAME(NfTables.NFT_META_OIFNAME),
      IIFTYPE(NfTables.NFT_META_IFTYPE),
      OIFTYPE(NfTables.NFT_META_OIFTYPE),
      NFPROTO(NfTables.NFT_META_NFPROTO),
      L4PROTO(NfTables.NFT_META_L4PROTO),
      PKTTYPE(NfTables.NFT_META_PKTTYPE),
      IIFGROUP(NfTables.NFT_META_IIFGROUP),
      OIFGROUP(NfTables.NFT_META_OIFGROUP),
      IIFKIND(NfTables.NFT_META_IIFKIND),
      OIFKIND(NfTables.NFT_META_OIFKIND);

      private final int number;

      Key(int number) {
        this.number = number;
      }

      /** The {@code NFT_META_*} number. */
      public int number() {
        return number;
      }

      static Optional<Key> ofNumber(int number) {
        for (Key k : values()) {
          if (k.number == number) {
            return Optional.of(k);
          }
        }
        return Optional.empty();
      }
    }

    public Meta {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(dreg, "dreg");
    }

    @Override
    public String name() {
      return "meta";
    }
  }

  /** {@code ct}: loads a property of the packet's connection-tracking entry into a register. */
  record Ct(Key key, NftRegister dreg) implements Expression {
    /** The keys of {@code enum nft_ct_keys} that need no direction. */
    public enum Key {
      STATE(NfTables.NFT_CT_STATE),
      DIRECTION(NfTables.NFT_CT_DIRECTION),
      STATUS(NfTables.NFT_CT_STATUS),
      MARK(NfTables.NFT_CT_MARK),
      EXPIRATION(NfTables.NFT_CT_EXPIRATION),
      L3PROTOCOL(NfTables.NFT_CT_L3PROTOCOL),
      PROTOCOL(NfTables.NFT_CT_PROTOCOL),
      ZONE(NfTables.NFT_CT_ZONE);

      private final int number;

      Key(int number) {
        this.number = number;
      }

      /** The {@code NFT_CT_*} number. */
      public int number() {
        return number;
      }

      static Optional<Key> ofNumber(int number) {
        for (Key k : values()) {
          if (k.number == number) {
            return Optional.of(k);
          }
        }
        return Optional.empty();
      }
    }

    public Ct {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(dreg, "dreg");
    }

    @Override
    public String name() {
      return "ct";
    }
  }

  /**
   * {@code fib}: looks the packet's source or destination address up in the routing table and
   * loads a result into a register: the route's type ({@link Result#ADDRTYPE}, an {@code RTN_*}
   * number in the machine's order, such as {@link Netfilter#RTN_LOCAL}) or its output
   * interface. {@code flags} are {@code NFTA_FIB_F_*} bits naming exactly one of {@link
   * NfTables#NFTA_FIB_F_SADDR} and {@link NfTables#NFTA_FIB_F_DADDR}, as the kernel requires.
   *
   * <pre>{@code
   * // fib daddr type local
   * new Expression.Fib(
   *     Expression.Fib.Result.ADDRTYPE, NfTables.NFTA_FIB_F_DADDR, NftRegister.REG_1);
   * }</pre>
   */
  record Fib(Result result, int flags, NftRegister dreg) implements Expression {
    /** {@code enum nft_fib_result}: what the lookup loads. */
    public enum Result {
      OIF(NfTables.NFT_FIB_RESULT_OIF),
      OIFNAME(NfTables.NFT_FIB_RESULT_OIFNAME),
      ADDRTYPE(NfTables.NFT_FIB_RESULT_ADDRTYPE);

      private final int number;

      Result(int number) {
        this.number = number;
      }

      /** The {@code NFT_FIB_RESULT_*} number. */
      public int number() {
        return number;
      }

      static Optional<Result> ofNumber(int number) {
        for (Result r : values()) {
          if (r.number == number) {
            return Optional.of(r);
          }
        }
        return Optional.empty();
      }
    }

    public Fib {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(dreg, "dreg");
      int all = (NfTables.NFTA_FIB_F_PRESENT << 1) - 1;
      if ((flags & ~all) != 0) {
        throw new IllegalArgumentException(
            "fib flags must be NFTA_FIB_F_* bits (0x3f): 0x" + Integer.toHexString(flags));
      }
      int address = flags & (NfTables.NFTA_FIB_F_SADDR | NfTables.NFTA_FIB_F_DADDR);
      if (address != NfTables.NFTA_FIB_F_SADDR && address != NfTables.NFTA_FIB_F_DADDR) {
        throw new IllegalArgumentException(
            "fib flags must name exactly one of saddr (0x1) and daddr (0x2): 0x"
                + Integer.toHexString(flags));
      }
    }

    @Override
    public String name() {
      return "fib";
    }
  }

  /** {@code immediate} with data: loads a constant into a register. */
  record Immediate(NftRegister dreg, NftValue data) implements Expression {
    public Immediate {
      Objects.requireNonNull(dreg, "dreg");
      Objects.requireNonNull(data, "data");
    }

    @Override
    public String name() {
      return "immediate";
    }
  }

  /** {@code immediate} into the verdict register: decides the packet's fate. */
  record ImmediateVerdict(NftVerdict verdict) implements Expression {
    public ImmediateVerdict {
      Objects.requireNonNull(verdict, "verdict");
    }

    @Override
    public String name() {
      return "immediate";
    }
  }

  /**
   * {@code nat}: source or destination NAT to the address (and port) held in registers. {@code
   * flags} are {@code NF_NAT_RANGE_*} bits; {@code nft} sets {@link
   * Netfilter#NF_NAT_RANGE_PROTO_SPECIFIED} when a port is given, and the kernel adds {@link
   * Netfilter#NF_NAT_RANGE_MAP_IPS} itself when an address is.
   */
  record Nat(
      Type type,
      NftFamily family,
      Optional<NftRegister> addressMin,
      Optional<NftRegister> addressMax,
      Optional<NftRegister> portMin,
      Optional<NftRegister> portMax,
      int flags)
      implements Expression {
    /** {@code enum nft_nat_types}. */
    public enum Type {
      SNAT,
      DNAT;

      /** The {@code NFT_NAT_*} number. */
      public int number() {
        return ordinal();
      }
    }

    public Nat {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(family, "family");
      Objects.requireNonNull(addressMin, "addressMin");
      Objects.requireNonNull(addressMax, "addressMax");
      Objects.requireNonNull(portMin, "portMin");
      Objects.requireNonNull(portMax, "portMax");
      if (family != NftFamily.IP && family != NftFamily.IP6) {
        throw new IllegalArgumentException("nat family must be ip or ip6: " + family);
      }
      if (addressMax.isPresent() && addressMin.isEmpty()) {
        throw new IllegalArgumentException("nat addressMax needs addressMin: " + addressMax);
      }
      if (portMax.isPresent() && portMin.isEmpty()) {
        throw new IllegalArgumentException("nat portMax needs portMin: " + portMax);
      }
      checkNatFlags(flags);
    }

    /** {@code dnat to ADDRESS[:PORT]}, the address in {@code address}, the port in {@code port}. */
    public static Nat dnat(NftFamily family, NftRegister address, Optional<NftRegister> port) {
      return new Nat(Type.DNAT, family, Optional.of(address), Optional.empty(), port,
          Optional.empty(), port.isPresent() ? Netfilter.NF_NAT_RANGE_PROTO_SPECIFIED : 0);
    }

    /** {@code snat to ADDRESS[:PORT]}, the address in {@code address}, the port in {@code port}. */
    public static Nat snat(NftFamily family, NftRegister address, Optional<NftRegister> port) {
      return new Nat(Type.SNAT, family, Optional.of(address), Optional.empty(), port,
          Optional.empty(), port.isPresent() ? Netfilter.NF_NAT_RANGE_PROTO_SPECIFIED : 0);
    }

    @Override
    public String name() {
      return "nat";
    }
  }

  /**
   * {@code masq}: source NAT to the address of the interface the packet leaves through, ports
   * optionally from registers; {@code flags} are {@code NF_NAT_RANGE_*} bits.
   */
  record Masquerade(int flags, Optional<NftRegister> portMin, Optional<NftRegister> portMax)
      implements Expression {
    public Masquerade {
      Objects.requireNonNull(portMin, "portMin");
      Objects.requireNonNull(portMax, "portMax");
      if (portMax.isPresent() && portMin.isEmpty()) {
        throw new IllegalArgumentException("masquerade portMax needs portMin: " + portMax);
      }
      checkNatFlags(flags);
    }

    /** Plain {@code masquerade}. */
    public static Masquerade of() {
      return new Masquerade(0, Optional.empty(), Optional.empty());
    }

    @Override
    public String name() {
      return "masq";
    }
  }

  /** {@code counter}: counts packets and bytes; a new one starts at zero. */
  record Counter(long packets, long bytes) implements Expression {
    public Counter {
      if (packets < 0 || bytes < 0) {
        throw new IllegalArgumentException(
            "counter values must not be negative: " + packets + " packets, " + bytes + " bytes");
      }
    }

    /** A new counter. */
    public static Counter of() {
      return new Counter(0, 0);
    }

    @Override
    public String name() {
      return "counter";
    }
  }

  /**
   * {@code lookup}: the register's value is (or, {@code inverted}, is not) a key of the named set;
   * for a map, its data is loaded into {@code dreg}. {@code setId} refers to a set added in the
   * same batch (as {@code nft} sends it; the kernel looks the name up first).
   */
  record Lookup(
      String set, OptionalInt setId, NftRegister sreg, Optional<NftRegister> dreg,
      boolean inverted)
      implements Expression {
    public Lookup {
      NftNames.check("set", set);
      Objects.requireNonNull(setId, "setId");
      Objects.requireNonNull(sreg, "sreg");
      Objects.requireNonNull(dreg, "dreg");
    }

    /** The register's value is a key of set {@code set}. */
    public static Lookup of(String set, NftRegister sreg) {
      return new Lookup(set, OptionalInt.empty(), sreg, Optional.empty(), false);
    }

    @Override
    public String name() {
      return "lookup";
    }
  }

  /**
   * An expression this package does not model, as the kernel returned it: its name and the raw
   * attributes of its {@code NFTA_EXPR_DATA}. Written back unchanged.
   */
  record Opaque(String name, byte[] data) implements Expression {
    public Opaque {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("expression name must not be empty");
      }
      data = data.clone();
    }

    /** A copy of the raw attributes. */
    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Opaque
          && name.equals(((Opaque) o).name)
          && Arrays.equals(data, ((Opaque) o).data);
    }

    @Override
    public int hashCode() {
      return 31 * name.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Opaque[name=" + name + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
  }

  private static void checkLength(String what, int length) {
    if (length < 1 || length > NfTables.NFT_DATA_VALUE_MAXLEN) {
      throw new IllegalArgumentException(what + " length out of range 1..64: " + length);
    }
  }

  private static void checkNatFlags(int flags) {
    int all = (Netfilter.NF_NAT_RANGE_NETMAP << 1) - 1;
    if ((flags & ~all) != 0) {
      throw new IllegalArgumentException(
          "NAT flags must be NF_NAT_RANGE_* bits (0x7f): 0x" + Integer.toHexString(flags));
    }
  }
}
