package io.netmodel.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The attributes of a message or of a nest, parsed and checked when made: every {@code
 * nla_len} is at least 4 and stays inside its container, or the parse throws {@link
 * NetlinkProtocolException}.
 *
 * <p>The parse keeps where each attribute starts and makes an attribute's view only when it is
 * asked for: a link's description carries some fifty attributes and nests, of which a reader
 * takes a dozen, and a view per attribute made most of the cost of reading one.
 *
 * <p>Where a type occurs more than once, {@link #find} returns the last, as the kernel's own
 * parser does; {@link #all} returns each.
 *
 * <p>Immutable; thread-safe.
 */
public final class NetlinkAttributes implements Iterable<NetlinkAttribute> {
  private static final NetlinkAttributes EMPTY =
      new NetlinkAttributes(ByteBuffer.allocate(0), new int[0], 0);

  private final ByteBuffer in; // native order, never moved: read by absolute index only
  private final int[] starts; // the offset of each attribute's header in {@code in}, in order
  private final int count;

  private NetlinkAttributes(ByteBuffer in, int[] starts, int count) {
    this.in = in;
    this.starts = starts;
    this.count = count;
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
    int[] starts = new int[16];
    int count = 0;
    int offset = 0;
    while (offset < end) {
      if (end - offset < Netlink.NLA_HDRLEN) {
        throw new NetlinkProtocolException(
            "truncated attribute header at offset " + offset + " " + where + ": "
                + (end - offset) + " bytes left");
      }
      int length = in.getShort(offset) & 0xFFFF;
      if (length < Netlink.NLA_HDRLEN) {
        throw new NetlinkProtocolException(
            "attribute length below 4 at offset " + offset + " " + where + ": " + length);
      }
      if (length > end - offset) {
        int type = in.getShort(offset + 2) & 0xFFFF;
        throw new NetlinkProtocolException(
            "attribute " + (type & Netlink.NLA_TYPE_MASK) + " at offset " + offset + " " + where
                + " claims " + length + " bytes, only " + (end - offset) + " left");
      }
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
      }
      starts[count++] = offset;
      // The last attribute of a container may lack its padding.
      offset = Math.min(end, offset + Netlink.align(length));
    }
    return new NetlinkAttributes(in, starts, count);
  }

  /** The type of the attribute at {@code i}, without the flags. */
  private int typeAt(int i) {
    return in.getShort(starts[i] + 2) & Netlink.NLA_TYPE_MASK;
  }

  /** A view of the attribute at {@code i}. */
  private NetlinkAttribute attributeAt(int i) {
    int start = starts[i];
    int length = in.getShort(start) & 0xFFFF;
    ByteBuffer value =
        in.slice(start + Netlink.NLA_HDRLEN, length - Netlink.NLA_HDRLEN)
            .order(ByteOrder.nativeOrder());
    return new NetlinkAttribute(in.getShort(start + 2) & 0xFFFF, value);
  }

  /** The attribute of that type (the last one, if repeated). */
  public Optional<NetlinkAttribute> find(int type) {
    int i = lastOf(type);
    return i < 0 ? Optional.empty() : Optional.of(attributeAt(i));
  }

  private int lastOf(int type) {
    for (int i = count - 1; i >= 0; i--) {
      if (typeAt(i) == type) {
        return i;
      }
    }
    return -1;
  }

  /** Every attribute of that type, in order. */
  public List<NetlinkAttribute> all(int type) {
    List<NetlinkAttribute> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (typeAt(i) == type) {
        out.add(attributeAt(i));
      }
    }
    return List.copyOf(out);
  }

  /** Whether an attribute of that type is present. */
  public boolean has(int type) {
    return lastOf(type) >= 0;
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
    return count;
  }

  /** The attributes in order. */
  public List<NetlinkAttribute> asList() {
    NetlinkAttribute[] views = new NetlinkAttribute[count];
    for (int i = 0; i < count; i++) {
      views[i] = attributeAt(i);
    }
    return List.of(views);
  }

  @Override
  public Iterator<NetlinkAttribute> iterator() {
    return asList().iterator();
  }

  @Override
  public String toString() {
    return asList().toString();
  }
}
