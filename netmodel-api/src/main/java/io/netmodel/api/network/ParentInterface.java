package io.netmodel.api.network;

import io.netmodel.api.net.InterfaceName;
import java.util.Objects;
import java.util.Optional;

/**
 * The parent of a macvlan or ipvlan network, Docker's {@code -o parent}: an interface, or
 * {@code NAME.VID} for an 802.1q sub-interface (VID 1..4094) that the driver creates on
 * {@code NAME} when it does not exist. The loopback interface cannot be a parent.
 *
 * <pre>{@code
 * ParentInterface p = ParentInterface.parse("eth0.10");
 * p.base();     // eth0
 * p.vlanId();   // Optional[10]
 * }</pre>
 *
 * <p>A name whose part after the last dot is all digits is read as {@code NAME.VID}; other
 * dotted names ({@code br.lan}) are plain interfaces. Docker reads any dotted name it does
 * not find on the host as {@code NAME.VID}; netmodel decides from the name alone. Immutable
 * and thread-safe.
 *
 * @param name the whole name, as given ({@code eth0.10})
 * @param base the interface the VLAN sits on ({@code eth0}); equals {@code name} without VLAN
 * @param vlanId the VLAN id, when the name has the {@code NAME.VID} form
 */
public record ParentInterface(InterfaceName name, InterfaceName base, Optional<Integer> vlanId) {

  public ParentInterface {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(vlanId, "vlanId");
    Optional<Integer> expectedVlan = vlanOf(name.value());
    InterfaceName expectedBase = expectedVlan.isPresent() ? baseOf(name.value()) : name;
    if (!expectedBase.equals(base) || !expectedVlan.equals(vlanId)) {
      throw new IllegalArgumentException(
          "parent "
              + name
              + " has base "
              + expectedBase
              + " and VLAN id "
              + expectedVlan.map(String::valueOf).orElse("none")
              + ", not "
              + base
              + " and "
              + vlanId.map(String::valueOf).orElse("none"));
    }
  }

  /**
   * The parent named {@code name}.
   *
   * @throws IllegalArgumentException when {@code name} is {@code lo} or has a VLAN id out of
   *     range
   */
  public static ParentInterface of(InterfaceName name) {
    Optional<Integer> vlan = vlanOf(name.value());
    return new ParentInterface(name, vlan.isPresent() ? baseOf(name.value()) : name, vlan);
  }

  /**
   * Parses {@code NAME} or {@code NAME.VID}.
   *
   * @throws IllegalArgumentException quoting the text, when it is not a valid interface name,
   *     is {@code lo}, or has a VLAN id out of 1..4094
   */
  public static ParentInterface parse(String text) {
    return of(InterfaceName.of(text));
  }

  private static Optional<Integer> vlanOf(String text) {
    if (text.equals("lo")) {
      throw new IllegalArgumentException("the loopback interface cannot be a parent: \"lo\"");
    }
    int dot = text.lastIndexOf('.');
    if (dot <= 0 || dot == text.length() - 1 || !text.substring(dot + 1).matches("[0-9]+")) {
      return Optional.empty();
    }
    String digits = text.substring(dot + 1);
    int vid = digits.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    if (vid < 1 || vid > 4094) {
      throw new IllegalArgumentException(
          "VLAN id of parent out of range 1..4094: \"" + text + "\"");
    }
    return Optional.of(vid);
  }

  private static InterfaceName baseOf(String text) {
    return InterfaceName.of(text.substring(0, text.lastIndexOf('.')));
  }

  /** The whole name, {@code eth0} or {@code eth0.10}. */
  @Override
  public String toString() {
    return name.toString();
  }
}
