package io.netmodel.linux.nft;

import io.netmodel.api.net.InterfaceName;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The bytes of an nf_tables data value ({@code NFTA_DATA_VALUE}): what a {@code cmp} compares a
 * register with, an {@code immediate} loads, a {@code bitwise} masks with, a set element's key.
 * From 1 to {@value NfTables#NFT_DATA_VALUE_MAXLEN} bytes, in the order the packet or the kernel
 * holds them: addresses and ports in network order, {@code ct state} bits in the machine's.
 *
 * <pre>{@code
 * NftValue.ofAddress(IpAddresses.parse("10.213.0.2"));   // 0ad50002
 * NftValue.ofBe16(80);                                   // 0050
 * NftValue.ofInterfaceName(InterfaceName.of("br0"));     // "br0" and 13 NUL bytes
 * }</pre>
 *
 * <p>{@link #toString()} is lower-case hex, which {@link #parse} reads back. Immutable: the
 * array is copied in and out.
 */
public record NftValue(byte[] bytes) {
  /** The bytes of an interface name as {@code meta iifname}/{@code oifname} load it. */
  public static final int IFNAMSIZ = 16; // linux/if.h

  public NftValue {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length < 1 || bytes.length > NfTables.NFT_DATA_VALUE_MAXLEN) {
      throw new IllegalArgumentException(
          "nf_tables value length out of range 1..64: " + bytes.length + " bytes");
    }
    bytes = bytes.clone();
  }

  /** A value of these bytes. */
  public static NftValue of(byte... bytes) {
    return new NftValue(bytes);
  }

  /** One unsigned byte, such as an IP protocol number. */
  public static NftValue ofU8(int value) {
    if (value < 0 || value > 0xff) {
      throw new IllegalArgumentException("u8 value out of range 0..255: " + value);
    }
    return new NftValue(new byte[] {(byte) value});
  }

  /** A 16-bit value in network order, such as a port. */
  public static NftValue ofBe16(int value) {
    if (value < 0 || value > 0xffff) {
      throw new IllegalArgumentException("be16 value out of range 0..65535: " + value);
    }
    return new NftValue(new byte[] {(byte) (value >>> 8), (byte) value});
  }

  /** A 32-bit value in network order. */
  public static NftValue ofBe32(int value) {
    return new NftValue(ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(value).array());
  }

  /** A 32-bit value in the machine's order, as the kernel keeps {@code ct state} and marks. */
  public static NftValue ofNativeU32(int value) {
    return new NftValue(
        ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
  }

  /** An IPv4 or IPv6 address, in network order. */
  public static NftValue ofAddress(InetAddress address) {
    return new NftValue(address.getAddress());
  }

  /** An interface name padded with NUL bytes to {@value #IFNAMSIZ} bytes. */
  public static NftValue ofInterfaceName(InterfaceName name) {
    byte[] text = name.value().getBytes(StandardCharsets.UTF_8);
    return new NftValue(Arrays.copyOf(text, IFNAMSIZ));
  }

  /**
   * The value written as hex digits, two per byte ({@code "0ad50002"}).
   *
   * @throws IllegalArgumentException quoting {@code text} when it is not an even number of hex
   *     digits, or too long
   */
  public static NftValue parse(String text) {
    try {
      return new NftValue(HexFormat.of().parseHex(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "nf_tables value must be 2 to 128 hex digits, two per byte: \"" + text + "\"", e);
    }
  }

  /** A copy of the bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The number of bytes. */
  public int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NftValue && Arrays.equals(bytes, ((NftValue) o).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
