package io.netmodel.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds netlink messages, one after the other, into one growable buffer that becomes one
 * datagram: a header ({@link #begin}), the family's fixed header (raw fields such as {@link
 * #u8}, {@link #u32}), attributes ({@link #attrU32}, {@link #attrString}, nests opened with
 * {@link #beginNested} and closed with {@link #endNested}), then {@link #end}, which fills in
 * the message's length and pads it to 4 bytes.
 *
 * <pre>{@code
 * MessageWriter w = new MessageWriter();
 * w.begin(Rtnl.RTM_GETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq, 0);
 * w.u8(0).u8(0).u16(0).u32(0).u32(0).u32(0);          // struct ifinfomsg
 * w.attrString(Ifla.IFLA_IFNAME, "eth0");
 * w.end();
 * transport.send(w.datagram());
 * }</pre>
 *
 * <p>Multi-byte fields are in the machine's order, as the kernel wants them, except {@link
 * #attrBe16} and {@link #attrBe32}. Values out of a field's range are refused with an {@link
 * IllegalArgumentException} quoting them; calls out of order with an {@link
 * IllegalStateException}.
 *
 * <p>Not thread-safe: one writer per exchange; {@link #reset()} reuses its buffer.
 */
public final class MessageWriter {
  private static final int MAX_ATTRIBUTE_LENGTH = 0xFFFF;

  private ByteBuffer buffer;
  private int messageStart = -1;
  private int messages;
  private final Deque<Integer> nests = new ArrayDeque<>();

  /** A writer with a 4 KiB buffer, grown as needed. */
  public MessageWriter() {
    this(4096);
  }

  /** A writer whose buffer starts at {@code initialCapacity} bytes and grows as needed. */
  public MessageWriter(int initialCapacity) {
    if (initialCapacity < Netlink.NLMSG_HDRLEN) {
      throw new IllegalArgumentException(
          "initial capacity below a netlink header's 16 bytes: " + initialCapacity);
    }
    buffer = ByteBuffer.allocate(initialCapacity).order(ByteOrder.nativeOrder());
  }

  /** Forgets everything written; keeps the buffer. */
  public MessageWriter reset() {
    buffer.clear();
    messageStart = -1;
    messages = 0;
    nests.clear();
    return this;
  }

  /**
   * Starts a message with its {@code struct nlmsghdr}; the length is filled in by {@link
   * #end()}.
   */
  public MessageWriter begin(int type, int flags, int seq, int portId) {
    if (messageStart >= 0) {
      throw new IllegalStateException("a message is already open; end() it first");
    }
    checkU16("message type", type);
    checkU16("message flags", flags);
    messageStart = buffer.position();
    u32(0).u16(type).u16(flags).u32(seq).u32(portId);
    return this;
  }

  /** Ends the current message: writes its length and pads it to a multiple of 4 bytes. */
  public MessageWriter end() {
    requireMessage();
    if (!nests.isEmpty()) {
      throw new IllegalStateException("a nested attribute is still open: " + nests.size());
    }
    buffer.putInt(messageStart, buffer.position() - messageStart);
    pad();
    messageStart = -1;
    messages++;
    return this;
  }

  /** Whether a message is open (begun and not yet ended). */
  public boolean inMessage() {
    return messageStart >= 0;
  }

  /** The number of messages ended so far. */
  public int messageCount() {
    return messages;
  }

  /** The number of bytes written so far. */
  public int size() {
    return buffer.position();
  }

  /**
   * The messages written so far, as one datagram: a buffer from position 0 to the end of the
   * last message, sharing this writer's storage until the next write or {@link #reset()}.
   */
  public ByteBuffer datagram() {
    if (messageStart >= 0) {
      throw new IllegalStateException("a message is still open; end() it first");
    }
    ByteBuffer out = buffer.duplicate().order(ByteOrder.nativeOrder());
    out.flip();
    return out;
  }

  // ---- raw fields of a family header (struct ifinfomsg, rtmsg, ...), no padding

  /** Writes an unsigned byte. */
  public MessageWriter u8(int value) {
    requireMessage();
    checkU8("u8 field", value);
    ensure(1).put((byte) value);
    return this;
  }

  /** Writes an unsigned 16-bit field in machine order. */
  public MessageWriter u16(int value) {
    checkU16("u16 field", value);
    ensure(2).putShort((short) value);
    return this;
  }

  /** Writes a 32-bit field (signed or unsigned: the bits are the same) in machine order. */
  public MessageWriter u32(int value) {
    ensure(4).putInt(value);
    return this;
  }

  /** Writes a 64-bit field in machine order. */
  public MessageWriter u64(long value) {
    requireMessage();
    ensure(8).putLong(value);
    return this;
  }

  /** Writes raw bytes. */
  public MessageWriter bytes(byte[] value) {
    requireMessage();
    ensure(value.length).put(value);
    return this;
  }

  /** Pads with zero bytes to the next multiple of 4 ({@code NLMSG_ALIGN}). */
  public MessageWriter pad() {
    int padding = Netlink.align(buffer.position()) - buffer.position();
    ensure(padding);
    for (int i = 0; i < padding; i++) {
      buffer.put((byte) 0);
    }
    return this;
  }

  // ---- attributes (struct nlattr + value, padded with NLA_ALIGN)

  /** An attribute holding an unsigned byte. */
  public MessageWriter attrU8(int type, int value) {
    checkU8("u8 attribute " + type, value);
    attribute(type, 1).put((byte) value);
    return pad();
  }

  /** An attribute holding an unsigned 16-bit value in machine order. */
  public MessageWriter attrU16(int type, int value) {
    checkU16("u16 attribute " + type, value);
    attribute(type, 2).putShort((short) value);
    return pad();
  }

  /** An attribute holding a 32-bit value in machine order. */
  public MessageWriter attrU32(int type, int value) {
    attribute(type, 4).putInt(value);
    return pad();
  }

  /** An attribute holding a 64-bit value in machine order. */
  public MessageWriter attrU64(int type, long value) {
    attribute(type, 8).putLong(value);
    return pad();
  }

  /** An attribute holding an unsigned 16-bit value in network (big-endian) order. */
  public MessageWriter attrBe16(int type, int value) {
    checkU16("be16 attribute " + type, value);
    attribute(type, 2).put((byte) (value >>> 8)).put((byte) value);
    return pad();
  }

  /** An attribute holding a 32-bit value in network (big-endian) order. */
  public MessageWriter attrBe32(int type, int value) {
    attribute(type, 4)
        .put((byte) (value >>> 24))
        .put((byte) (value >>> 16))
        .put((byte) (value >>> 8))
        .put((byte) value);
    return pad();
  }

  /** An attribute holding {@code value} in UTF-8, terminated by a NUL byte. */
  public MessageWriter attrString(int type, String value) {
    byte[] text = value.getBytes(StandardCharsets.UTF_8);
    for (byte b : text) {
      if (b == 0) {
        throw new IllegalArgumentException(
            "string attribute " + type + " contains a NUL character: \"" + value + "\"");
      }
    }
    attribute(type, text.length + 1).put(text).put((byte) 0);
    return pad();
  }

  /** An attribute holding raw bytes (an address, a struct). */
  public MessageWriter attrBytes(int type, byte[] value) {
    attribute(type, value.length).put(value);
    return pad();
  }

  /** An attribute with no value: a flag whose presence is the information. */
  public MessageWriter attrFlag(int type) {
    attribute(type, 0);
    return pad();
  }

  /**
   * Opens a nested attribute of {@code type}, marked {@code NLA_F_NESTED}; what follows until
   * {@link #endNested} is its content.
   *
   * @return a handle to give to {@link #endNested}
   */
  public int beginNested(int type) {
    checkType(type);
    requireMessage();
    int start = buffer.position();
    ensure(Netlink.NLA_HDRLEN).putShort((short) 0).putShort((short) (type | Netlink.NLA_F_NESTED));
    nests.push(start);
    return start;
  }

  /** Closes the nested attribute opened by {@link #beginNested} that returned {@code handle}. */
  public MessageWriter endNested(int handle) {
    if (nests.isEmpty() || nests.peek() != handle) {
      throw new IllegalStateException(
          "endNested(" + handle + ") does not match the innermost open nest " + nests.peek());
    }
    nests.pop();
    pad();
    int length = buffer.position() - handle;
    if (length > MAX_ATTRIBUTE_LENGTH) {
      throw new IllegalArgumentException(
          "nested attribute longer than 65535 bytes: " + length);
    }
    buffer.putShort(handle, (short) length);
    return this;
  }

  private ByteBuffer attribute(int type, int valueLength) {
    checkType(type);
    requireMessage();
    int length = Netlink.NLA_HDRLEN + valueLength;
    if (length > MAX_ATTRIBUTE_LENGTH) {
      throw new IllegalArgumentException(
          "attribute " + type + " longer than 65535 bytes: " + length);
    }
    return ensure(Netlink.align(length)).putShort((short) length).putShort((short) type);
  }

  private ByteBuffer ensure(int more) {
    requireMessage();
    if (buffer.remaining() < more) {
      int capacity = Math.max(buffer.capacity() * 2, buffer.position() + more);
      ByteBuffer bigger = ByteBuffer.allocate(capacity).order(ByteOrder.nativeOrder());
      buffer.flip();
      bigger.put(buffer);
      buffer = bigger;
    }
    return buffer;
  }

  private void requireMessage() {
    if (messageStart < 0) {
      throw new IllegalStateException("no message is open; begin() one first");
    }
  }

  private static void checkType(int type) {
    if (type < 0 || type > Netlink.NLA_TYPE_MASK) {
      throw new IllegalArgumentException("attribute type out of range 0..16383: " + type);
    }
  }

  private static void checkU8(String what, int value) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException(what + " out of range 0..255: " + value);
    }
  }

  private static void checkU16(String what, int value) {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException(what + " out of range 0..65535: " + value);
    }
  }
}
