package io.netmodel.api.mode;

import java.util.Objects;
import java.util.Optional;

/**
 * Macvlan mode: the sandbox's interface is a macvlan device on the network's parent, with a MAC address of its own, straight on the physical network.
 *
 * <p>{@code toString} is the network's name, Docker's {@code --network} value.
 */
public record Macvlan(String networkName, EndpointOptions options) implements NetworkMode {

  public Macvlan {
    Objects.requireNonNull(networkName, "networkName");
    Objects.requireNonNull(options, "options");
    NetworkNames.check(networkName, "macvlan network name");
  }

  /** Attaches to {@code networkName} with default endpoint options. */
  public static Macvlan of(String networkName) {
    return new Macvlan(networkName, EndpointOptions.defaults());
  }

  /** The same network, with other endpoint options. */
  public Macvlan withOptions(EndpointOptions newOptions) {
    return new Macvlan(networkName, newOptions);
  }

  @Override
  public Optional<String> network() {
    return Optional.of(networkName);
  }

  @Override
  public Optional<String> driver() {
    return Optional.of("macvlan");
  }

  @Override
  public Optional<EndpointOptions> endpointOptions() {
    return Optional.of(options);
  }

  @Override
  public Macvlan withEndpointOptions(EndpointOptions newOptions) {
    return withOptions(newOptions);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.macvlan(this);
  }

  @Override
  public String toString() {
    return networkName;
  }
}
