package io.netmodel.bench.micro;

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
 * Datagrams the kernel sent, kept as resources beside this class: {@code NAME.hex}, comment
 * lines starting with {@code #}, then one hex line per datagram. {@code getlink-v0.hex} is
 * netmodel-linux's capture (its test resources, made by its {@code capture.sh} on Linux 6.18
 * x86_64): the kernel's answer to {@code RTM_GETLINK} of veth {@code v0} (MTU 1400, on a
 * bridge), an {@code RTM_NEWLINK} of 1848 bytes, then the acknowledgement.
 */
final class KernelCapture {
  private KernelCapture() {}

  /**
   * Every datagram of capture {@code name}, each positioned at 0 in the machine's byte order.
   *
   * @throws IllegalArgumentException if there is no such capture
   */
  static List<ByteBuffer> datagrams(String name) {
    String resource = name + ".hex";
    try (InputStream in = KernelCapture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no capture " + resource + " beside "
            + KernelCapture.class.getName() + ": " + name);
      }
      List<ByteBuffer> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        String text = line.strip();
        if (!text.isEmpty() && !text.startsWith("#")) {
          out.add(ByteBuffer.wrap(HexFormat.of().parseHex(text)).order(ByteOrder.nativeOrder()));
        }
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read capture " + resource, e);
    }
  }
}
