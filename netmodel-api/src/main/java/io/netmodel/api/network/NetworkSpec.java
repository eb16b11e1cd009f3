package io.netmodel.api.network;

/**
 * What a network is to be: one record per driver. Values every driver shares are here;
 * each record adds its driver's own. {@link DriverOptions} builds one from Docker's {@code
 * network create} flags and {@code -o} options.
 *
 * <p>Java 17 callers handle every driver with {@link #accept(Visitor)}; Java 21 callers can
 * {@code switch} over the sealed set. Instances are immutable.
 */
public sealed interface NetworkSpec
    permits BridgeNetworkSpec, MacvlanNetworkSpec, IpvlanNetworkSpec, OverlayNetworkSpec {

  /** The network's name, unique among networks. */
  String name();

  /** The driver: {@code bridge}, {@code macvlan}, {@code ipvlan} or {@code overlay}. */
  String driver();

  /** Whether the network is cut off from the outside (no gateway route, no masquerade). */
  boolean internal();

  /** Calls the method of {@code visitor} for this spec's record. */
  <R> R accept(Visitor<R> visitor);

  /** One method per driver. */
  interface Visitor<R> {
    R bridge(BridgeNetworkSpec spec);

    R macvlan(MacvlanNetworkSpec spec);

    R ipvlan(IpvlanNetworkSpec spec);

    R overlay(OverlayNetworkSpec spec);
  }

  /**
   * Checks a network name against Docker's rule, {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}.
   *
   * @throws IllegalArgumentException quoting the name
   */
  static String checkName(String name) {
    if (name == null || !NetworkNameRule.NETWORK.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "network name must match [a-zA-Z0-9][a-zA-Z0-9_.-]*, 128 characters at most: \""
              + name
              + "\"");
    }
    if (name.equals("host") || name.equals("none")) {
      throw new IllegalArgumentException(
          "network name is reserved for a network mode: \"" + name + "\"");
    }
    return name;
  }
}
