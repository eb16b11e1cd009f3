package io.netmodel.core.kernel;

import io.netmodel.api.net.MacAddress;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A permanent bridge forwarding entry on a VXLAN device: frames for {@code macAddress} go
 * through the tunnel to the host at {@code remote}.
 */
public record ForwardingEntry(int device, MacAddress macAddress, InetAddress remote) {
  public ForwardingEntry {
    if (device <= 0) {
      throw new IllegalArgumentException("link index must be positive: " + device);
    }
    Objects.requireNonNull(macAddress, "macAddress");
    Objects.requireNonNull(remote, "remote");
  }
}
