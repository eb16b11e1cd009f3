package io.netmodel.linux.netlink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Datagrams captured from the kernel: {@code captures/NAME.hex} beside this package's test
 * resources, one hex line per datagram, made by {@code captures/capture.sh} (a throwaway
 * namespace with a bridge br0, a veth pair v0/v1 on it, 10.9.0.1/24 and fd00:9::1/64 on br0
 * and a default route via 10.9.0.254 metric 7), on Linux 6.18 x86_64 (little-endian).
 */
public final class Captures {
  private Captures() {}

  /** Every datagram of capture {@code name}, each positioned at 0 in machine order. */
  public static List<ByteBuffer> datagrams(String name) {
    String resource = "/io/netmodel/linux/netlink/captures/" + name + ".hex";
    try (InputStream in = Captures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no capture " + resource);
      }
      List<ByteBuffer> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(hex(line.strip()));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The single datagram of a one-datagram capture, or the first of a longer one. */
  public static ByteBuffer first(String name) {
    return datagrams(name).get(0);
  }

  /** Bytes from hex. */
  public static ByteBuffer hex(String hex) {
    return ByteBuffer.wrap(HexFormat.of().parseHex(hex)).order(ByteOrder.nativeOrder());
  }

  /** A copy of {@code datagram} with every message's sequence number set to {@code seq}. */
  public static ByteBuffer withSeq(ByteBuffer datagram, int seq) {
    ByteBuffer copy = copy(datagram);
    int offset = 0;
    while (offset + 16 <= copy.limit()) {
      copy.putInt(offset + 8, seq);
      offset += Netlink.align(copy.getInt(offset));
    }
    return copy;
  }

  /** A copy positioned at 0, machine order. */
  public static ByteBuffer copy(ByteBuffer b) {
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
  }

  /** The bytes of a buffer from position to limit. */
  public static byte[] bytes(ByteBuffer b) {
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return bytes;
  }
}
