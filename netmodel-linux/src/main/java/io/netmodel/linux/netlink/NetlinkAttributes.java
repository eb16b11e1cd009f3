package io.netmodel.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The attributes of a message or of a nest, parsed and checked when made: every {@code
 * nla_len} is at least 4 and stays inside its container, or the parse throws {@link
 * NetlinkProtocolException}.
 *
 * <p>Where a type occurs more than once, {@link #find} returns the last, as the kernel's own
 * parser does; {@link #all} returns each.
 *
 * <p>Immutable; thread-safe.
 */
public final class NetlinkAttributes implements Iterable<NetlinkAttribute> {
  private static final NetlinkAttributes EMPTY = new NetlinkAttributes(List.of());

  private final List<NetlinkAttribute> attributes;

  private NetlinkAttributes(List<NetlinkAttribute> attributes) {
    this.attributes = attributes;
  }

  /** No attributes. */
  public static NetlinkAttributes empty() {
    return EMPTY;
  }

  /**
   * Parses the bytes from {@code region}'s position to its limit as a list of attributes.
   *
   * @param where where the region is, for the error message
   * @throws NetlinkProtocolException if an attribute is truncated or its length lies
   */
  static NetlinkAttributes parse(ByteBuffer region, String where) {
    ByteBuffer in = region.slice().order(ByteOrder.nativeOrder());
    int end = in.limit();
    List<NetlinkAttribute> out = new ArrayList<>();
    int offset = 0;
    while (offset < end) {
      if (end - offset < Netlink.NLA_HDRLEN) {
        throw new NetlinkProtocolException(
            "truncated attribute header at offset " + offset + " " + where + ": "
                + (end - offset) + " bytes left");
      }
      int length = in.getShort(offset) & 0xFFFF;
      int type = in.getShort(offset + 2) & 0xFFFF;
      if (length < Netlink.NLA_HDRLEN) {
        throw new NetlinkProtocolException(
            "attribute length below 4 at offset " + offset + " " + where + ": " + length);
      }
      if (length > end - offset) {
        throw new NetlinkProtocolException(
            "attribute " + (type & Netlink.NLA_TYPE_MASK) + " at offset " + offset + " " + where
                + " claims " + length + " bytes, only " + (end - offset) + " left");
      }
      ByteBuffer value =
          in.duplicate()
              .position(offset + Netlink.NLA_HDRLEN)
              .limit(offset + length)
              .slice()
              .order(ByteOrder.nativeOrder());
      out.add(new NetlinkAttribute(type, value));
      // The last attribute of a container may lack its padding.
      offset = Math.min(end, offset + Netlink.align(length));
    }
    return new NetlinkAttributes(Collections.unmodifiableList(out));
  }

  /** The attribute of that type (the last one, if repeated). */
  public Optional<NetlinkAttribute> find(int type) {
    for (int i = attributes.size() - 1; i >= 0; i--) {
      if (attributes.get(i).type() == type) {
        return Optional.of(attributes.get(i));
      }
    }
    return Optional.empty();
  }

  /** Every attribute of that type, in order. */
  public List<NetlinkAttribute> all(int type) {
    List<NetlinkAttribute> out = new ArrayList<>();
    for (NetlinkAttribute a : attributes) {
      if (a.type() == type) {
        out.add(a);
      }
    }
    return List.copyOf(out);
  }

  /** Whether an attribute of that type is present. */
  public boolean has(int type) {
    return find(type).isPresent();
  }

  /** The string attribute of that type. */
  public Optional<String> string(int type) {
    return find(type).map(NetlinkAttribute::string);
  }

  /** The u8 attribute of that type. */
  public OptionalInt u8(int type) {
    Optional<NetlinkAttribute> a = find(type);
    return a.isPresent() ? OptionalInt.of(a.get().u8()) : OptionalInt.empty();
  }

  /** The u16 attribute of that type. */
  public OptionalInt u16(int type) {
    Optional<NetlinkAttribute> a = find(type);
    return a.isPresent() ? OptionalInt.of(a.get().u16()) : OptionalInt.empty();
  }

  /** The u32 (or s32) attribute of that type. */
  public OptionalInt u32(int type) {
    Optional<NetlinkAttribute> a = find(type);
    return a.isPresent() ? OptionalInt.of(a.get().u32()) : OptionalInt.empty();
  }

  /** The raw bytes of the attribute of that type. */
  public Optional<byte[]> bytes(int type) {
    return find(type).map(NetlinkAttribute::bytes);
  }

  /** The attributes nested in the attribute of that type. */
  public Optional<NetlinkAttributes> nested(int type) {
    return find(type).map(NetlinkAttribute::nested);
  }

  /** How many attributes there are. */
  public int size() {
    return attributes.size();
  }

  /** The attributes in order. */
  public List<NetlinkAttribute> asList() {
    return attributes;
  }

  @Override
  public Iterator<NetlinkAttribute> iterator() {
    return attributes.iterator();
  }

  @Override
  public String toString() {
    return attributes.toString();
  }
}
