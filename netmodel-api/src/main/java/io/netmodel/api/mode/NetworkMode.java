package io.netmodel.api.mode;

import io.netmodel.api.net.PortMapping;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a sandbox is networked: Docker's {@code --network} value, as a closed set of records.
 *
 * <ul>
 *   <li>{@link Host}: the host's own namespace, no isolation;
 *   <li>{@link None}: a namespace of its own with only {@code lo};
 *   <li>{@link Container}: the namespace of another sandbox, shared;
 *   <li>{@link Bridge}, {@link Macvlan}, {@link Ipvlan}, {@link Overlay}: a namespace of its
 *       own, attached to a network of that driver, with the endpoint's options.
 * </ul>
 *
 * <pre>{@code
 * NetworkMode mode = NetworkMode.parse("container:web");
 * String what = mode.accept(new NetworkMode.Visitor<>() { ... });   // Java 17
 * // Java 21+: switch (mode) { case Host h -> ...; case None n -> ...; ... }
 * }</pre>
 *
 * <p>Java 17 has no pattern {@code switch}; {@link #accept(Visitor)} makes the compiler check
 * that every case is handled. {@link #toString()} gives Docker's text, which {@link #parse}
 * reads back (endpoint options are not part of that text). Instances are immutable.
 */
public sealed interface NetworkMode
    permits Host, None, Container, Bridge, Macvlan, Ipvlan, Overlay {

  /** The name of Docker's default bridge network, and the default mode. */
  String DEFAULT_BRIDGE = "bridge";

  /** Calls the method of {@code visitor} for this mode's record. */
  <R> R accept(Visitor<R> visitor);

  /** The network this mode attaches to, for the four network-attached modes. */
  default Optional<String> network() {
    return Optional.empty();
  }

  /**
   * The driver of the network this mode attaches to ({@code bridge}, {@code macvlan}, {@code
   * ipvlan} or {@code overlay}); empty for host, none and container.
   */
  default Optional<String> driver() {
    return Optional.empty();
  }

  /** What this mode asks of its endpoint, for the four network-attached modes. */
  default Optional<EndpointOptions> endpointOptions() {
    return Optional.empty();
  }

  /**
   * The same mode asking {@code options} of its endpoint.
   *
   * @throws IllegalArgumentException for host, none and container mode, which have no
   *     endpoint of their own
   */
  default NetworkMode withEndpointOptions(EndpointOptions options) {
    throw new IllegalArgumentException(
        "endpoint options (--ip, --ip6, --mac-address, aliases) need a network-attached mode: "
            + this);
  }

  /** The ports this mode publishes on the host (Docker's {@code -p}); only bridge mode has any. */
  default List<PortMapping> publish() {
    return List.of();
  }

  /**
   * The same mode publishing {@code ports}; no ports is this mode itself.
   *
   * @throws IllegalArgumentException when ports are given to a mode other than bridge, which
   *     alone publishes ports
   */
  default NetworkMode withPublish(List<PortMapping> ports) {
    if (ports.isEmpty()) {
      return this;
    }
    throw new IllegalArgumentException(
        "publishing ports " + ports + " needs a bridge network, not network mode " + this);
  }

  /**
   * Parses Docker's {@code --network} value: {@code host}, {@code none}, {@code bridge},
   * {@code container:NAME_OR_ID}, or the name of a user-defined network, which is taken to
   * be a bridge network (Docker's default driver). Use {@link #parse(String, Function)} to
   * resolve a name to its network's real driver.
   *
   * @throws IllegalArgumentException quoting the value, when it is none of these
   */
  static NetworkMode parse(String value) {
    return parse(value, name -> Optional.empty());
  }

  /**
   * Parses like {@link #parse(String)}, asking {@code driverOfNetwork} for the driver of a
   * user-defined network ({@code "bridge"}, {@code "macvlan"}, {@code "ipvlan"} or {@code
   * "overlay"}); an empty answer means bridge.
   *
   * @throws IllegalArgumentException quoting the value, when it is none of these, or when the
   *     driver is not one of the four
   */
  static NetworkMode parse(String value, Function<String, Optional<String>> driverOfNetwork) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("network mode must not be empty");
    }
    if (value.equals("host")) {
      return Host.INSTANCE;
    }
    if (value.equals("none")) {
      return None.INSTANCE;
    }
    if (value.startsWith("container:")) {
      String ref = value.substring("container:".length());
      try {
        return Container.of(ref);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "network mode container:NAME needs a sandbox name or id matching"
                + " [a-zA-Z0-9][a-zA-Z0-9_.-]*: \"" + value + "\"", e);
      }
    }
    if (value.equals("default")) {
      // Docker's synonym for the daemon's default network.
      return Bridge.of(DEFAULT_BRIDGE);
    }
    NetworkNames.check(value, "network mode");
    String driver = driverOfNetwork.apply(value).orElse("bridge");
    switch (driver) {
      case "bridge":
        return Bridge.of(value);
      case "macvlan":
        return Macvlan.of(value);
      case "ipvlan":
        return Ipvlan.of(value);
      case "overlay":
        return Overlay.of(value);
      default:
        throw new IllegalArgumentException(
            "network " + value + " has driver \"" + driver
                + "\", expected bridge, macvlan, ipvlan or overlay");
    }
  }

  /**
   * One method per mode. Adding a mode adds a method here, so every implementation is found
   * by the compiler.
   */
  interface Visitor<R> {
    R host(Host mode);

    R none(None mode);

    R container(Container mode);

    R bridge(Bridge mode);

    R macvlan(Macvlan mode);

    R ipvlan(Ipvlan mode);

    R overlay(Overlay mode);
  }
}
