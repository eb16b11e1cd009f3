package io.netmodel.core.kernel;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.MacAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Changes to an existing link, applied in one request: up or down, MTU, MAC, name, master
 * (an index, or {@link #withoutMaster()} to leave it), the namespace to move it into, and,
 * for a bridge port, hairpin mode (the bridge may send a frame back out of the port it came
 * in on, which a sandbox needs to reach its own published port through the host). Empty
 * parts are left as they are.
 */
public record LinkChange(
    Optional<Boolean> up,
    OptionalInt mtu,
    Optional<MacAddress> macAddress,
    Optional<InterfaceName> name,
    OptionalInt master,
    Optional<NamespaceHandle> namespace,
    Optional<Boolean> hairpin) {

  private static final LinkChange NOTHING =
      new LinkChange(
          Optional.empty(),
          OptionalInt.empty(),
          Optional.empty(),
          Optional.empty(),
          OptionalInt.empty(),
          Optional.empty(),
          Optional.empty());

  public LinkChange {
    Objects.requireNonNull(up, "up");
    Objects.requireNonNull(mtu, "mtu");
    Objects.requireNonNull(macAddress, "macAddress");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(hairpin, "hairpin");
    mtu.ifPresent(LinkOptions::checkMtu);
    master.ifPresent(
        index -> {
          if (index < 0) {
            throw new IllegalArgumentException("master index must not be negative: " + index);
          }
        });
  }

  /** No change; add parts with the {@code with} methods. */
  public static LinkChange none() {
    return NOTHING;
  }

  /** Sets the link up. */
  public static LinkChange setUp() {
    return NOTHING.withUp(true);
  }

  public LinkChange withUp(boolean value) {
    return new LinkChange(Optional.of(value), mtu, macAddress, name, master, namespace, hairpin);
  }

  public LinkChange withMtu(int value) {
    return new LinkChange(up, OptionalInt.of(value), macAddress, name, master, namespace, hairpin);
  }

  public LinkChange withMacAddress(MacAddress value) {
    return new LinkChange(up, mtu, Optional.of(value), name, master, namespace, hairpin);
  }

  public LinkChange withName(InterfaceName value) {
    return new LinkChange(up, mtu, macAddress, Optional.of(value), master, namespace, hairpin);
  }

  /** Enslaves the link to the bridge with index {@code bridgeIndex}. */
  public LinkChange withMaster(int bridgeIndex) {
    if (bridgeIndex <= 0) {
      throw new IllegalArgumentException("master index must be positive: " + bridgeIndex);
    }
    return new LinkChange(
        up, mtu, macAddress, name, OptionalInt.of(bridgeIndex), namespace, hairpin);
  }

  /** Releases the link from its master. */
  public LinkChange withoutMaster() {
    return new LinkChange(up, mtu, macAddress, name, OptionalInt.of(0), namespace, hairpin);
  }

  /** Moves the link into {@code target}. */
  public LinkChange withNamespace(NamespaceHandle target) {
    return new LinkChange(up, mtu, macAddress, name, master, Optional.of(target), hairpin);
  }

  /**
   * Turns hairpin mode of a bridge port on or off ({@code IFLA_BRPORT_MODE}); the link must
   * be a bridge's port.
   */
  public LinkChange withHairpin(boolean value) {
    return new LinkChange(up, mtu, macAddress, name, master, namespace, Optional.of(value));
  }

  /** Whether this changes nothing. */
  public boolean isEmpty() {
    return equals(NOTHING);
  }
}
