package io.netmodel.core.kernel;

import io.netmodel.api.net.MacAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A link as the kernel reports it.
 *
 * @param index the interface index, unique within its namespace
 * @param name the interface name
 * @param kind the kernel's {@code IFLA_INFO_KIND} (empty for devices without one, like
 *     {@code lo})
 * @param up whether it is administratively up ({@code IFF_UP})
 * @param mtu its MTU
 * @param macAddress its hardware address, when it has a 6-byte one
 * @param master the index of its master (a bridge), if any
 * @param link the index of its parent or veth peer ({@code IFLA_LINK}), if any; note that a
 *     peer in another namespace has an index in that namespace
 * @param group its interface group ({@code IFLA_GROUP}); 0 is the default group
 */
public record Link(
    int index,
    String name,
    Optional<String> kind,
    boolean up,
    int mtu,
    Optional<MacAddress> macAddress,
    OptionalInt master,
    OptionalInt link,
    int group) {

  /**
   * The index of {@code lo} in a new namespace: Linux registers loopback first, with index 1, in
   * every network namespace (not a UAPI constant; {@code KernelContract} holds both ports to it).
   */
  public static final int LOOPBACK_INDEX = 1;

  public Link {
    if (index <= 0) {
      throw new IllegalArgumentException("link index must be positive: " + index);
    }
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(macAddress, "macAddress");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(link, "link");
  }

  /** Whether the kernel reports this link's kind as {@code kind}. */
  public boolean is(LinkKind kind) {
    return this.kind.orElse("").equals(kind.kernelKind());
  }
}
