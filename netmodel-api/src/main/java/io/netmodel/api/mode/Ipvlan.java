package io.netmodel.api.mode;

import java.util.Objects;
import java.util.Optional;

/**
 * Ipvlan mode: like macvlan, but the sandbox's interface shares the parent's MAC address (modes l2, l3, l3s).
 *
 * <p>{@code toString} is the network's name, Docker's {@code --network} value.
 */
public record Ipvlan(String networkName, EndpointOptions options) implements NetworkMode {

  public Ipvlan {
    Objects.requireNonNull(networkName, "networkName");
    Objects.requireNonNull(options, "options");
    NetworkNames.check(networkName, "ipvlan network name");
  }

  /** Attaches to {@code networkName} with default endpoint options. */
  public static Ipvlan of(String networkName) {
    return new Ipvlan(networkName, EndpointOptions.defaults());
  }

  /** The same network, with other endpoint options. */
  public Ipvlan withOptions(EndpointOptions newOptions) {
    return new Ipvlan(networkName, newOptions);
  }

  @Override
  public Optional<String> network() {
    return Optional.of(networkName);
  }

  @Override
  public Optional<String> driver() {
    return Optional.of("ipvlan");
  }

  @Override
  public Optional<EndpointOptions> endpointOptions() {
    return Optional.of(options);
  }

  @Override
  public Ipvlan withEndpointOptions(EndpointOptions newOptions) {
    return withOptions(newOptions);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.ipvlan(this);
  }

  @Override
  public String toString() {
    return networkName;
  }
}
