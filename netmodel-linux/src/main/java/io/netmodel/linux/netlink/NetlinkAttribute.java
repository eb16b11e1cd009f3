package io.netmodel.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One attribute ({@code struct nlattr} and its value) of a received message. Its typed getters
 * check that the value is long enough and throw {@link NetlinkProtocolException} when it is
 * not; multi-byte values are read in the machine's order unless the getter says otherwise.
 *
 * <p>Immutable view over the received datagram; thread-safe.
 */
public final class NetlinkAttribute {
  private final int rawType;
  private final ByteBuffer value;

  NetlinkAttribute(int rawType, ByteBuffer value) {
    this.rawType = rawType;
    this.value = value;
  }

  /** The attribute type without the {@code NLA_F_NESTED} and byte-order flags. */
  public int type() {
    return rawType & Netlink.NLA_TYPE_MASK;
  }

  /** Whether the sender marked it {@code NLA_F_NESTED}. */
  public boolean markedNested() {
    return (rawType & Netlink.NLA_F_NESTED) != 0;
  }

  /** The value's length in bytes (without header or padding). */
  public int length() {
    return value.limit();
  }

  /** An unsigned byte. */
  public int u8() {
    require(1, "u8");
    return value.get(0) & 0xFF;
  }

  /** An unsigned 16-bit value in machine order. */
  public int u16() {
    require(2, "u16");
    return value.getShort(0) & 0xFFFF;
  }

  /**
   * A 32-bit value in machine order, as an {@code int}: use {@link Integer#toUnsignedLong}
   * when it is unsigned and may exceed {@link Integer#MAX_VALUE}.
   */
  public int u32() {
    require(4, "u32");
    return value.getInt(0);
  }

  /** A 64-bit value in machine order. */
  public long u64() {
    require(8, "u64");
    return value.getLong(0);
  }

  /** An unsigned 16-bit value in network (big-endian) order. */
  public int be16() {
    require(2, "be16");
    return value.duplicate().order(ByteOrder.BIG_ENDIAN).getShort(0) & 0xFFFF;
  }

  /** A 32-bit value in network (big-endian) order. */
  public int be32() {
    require(4, "be32");
    return value.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(0);
  }

  /** A string: the bytes up to the first NUL (or all of them when there is none), as UTF-8. */
  public String string() {
    int end = 0;
    while (end < value.limit() && value.get(end) != 0) {
      end++;
    }
    byte[] text = new byte[end];
    value.get(0, text);
    return new String(text, StandardCharsets.UTF_8);
  }

  /** A copy of the raw value. */
  public byte[] bytes() {
    byte[] copy = new byte[value.limit()];
    value.get(0, copy);
    return copy;
  }

  /** The value as a read-only buffer in machine order, positioned at 0. */
  public ByteBuffer value() {
    return value.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
  }

  /**
   * The value parsed as nested attributes (whether or not it is marked {@code NLA_F_NESTED}:
   * the kernel does not mark all of its nests).
   *
   * @throws NetlinkProtocolException if the value is not a well-formed attribute list
   */
  public NetlinkAttributes nested() {
    return NetlinkAttributes.parse(value, "nested in attribute " + type());
  }

  /**
   * The value from {@code offset} parsed as attributes: for values that begin with a fixed
   * structure, such as {@code VETH_INFO_PEER}'s {@code struct ifinfomsg}.
   */
  public NetlinkAttributes nestedAfter(int offset) {
    if (offset < 0 || offset > value.limit()) {
      throw new NetlinkProtocolException(
          "attribute " + type() + " of " + value.limit() + " bytes has no attributes at offset "
              + offset);
    }
    ByteBuffer rest = value.slice(offset, value.limit() - offset).order(ByteOrder.nativeOrder());
    return NetlinkAttributes.parse(rest, "nested in attribute " + type());
  }

  private void require(int size, String what) {
    if (value.limit() < size) {
      throw new NetlinkProtocolException(
          "attribute " + type() + " too short for a " + what + ": " + value.limit() + " bytes");
    }
  }

  @Override
  public String toString() {
    return "nlattr(type=" + type() + (markedNested() ? ", nested" : "") + ", len=" + length()
        + ")";
  }
}
