package io.netmodel.core.kernel;

import io.netmodel.api.net.MacAddress;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A permanent neighbour entry: on link {@code device}, {@code address} is at {@code
 * macAddress}. Overlay networks program these for remote endpoints.
 */
public record Neighbour(int device, InetAddress address, MacAddress macAddress) {
  public Neighbour {
    if (device <= 0) {
      throw new IllegalArgumentException("link index must be positive: " + device);
    }
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(macAddress, "macAddress");
  }
}
