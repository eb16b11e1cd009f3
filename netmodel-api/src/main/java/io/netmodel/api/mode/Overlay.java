package io.netmodel.api.mode;

import java.util.Objects;
import java.util.Optional;

/**
 * Overlay mode: the sandbox joins a network spanning several hosts, carried between them in VXLAN tunnels.
 *
 * <p>{@code toString} is the network's name, Docker's {@code --network} value.
 */
public record Overlay(String networkName, EndpointOptions options) implements NetworkMode {

  public Overlay {
    Objects.requireNonNull(networkName, "networkName");
    Objects.requireNonNull(options, "options");
    NetworkNames.check(networkName, "overlay network name");
  }

  /** Attaches to {@code networkName} with default endpoint options. */
  public static Overlay of(String networkName) {
    return new Overlay(networkName, EndpointOptions.defaults());
  }

  /** The same network, with other endpoint options. */
  public Overlay withOptions(EndpointOptions newOptions) {
    return new Overlay(networkName, newOptions);
  }

  @Override
  public Optional<String> network() {
    return Optional.of(networkName);
  }

  @Override
  public Optional<String> driver() {
    return Optional.of("overlay");
  }

  @Override
  public Optional<EndpointOptions> endpointOptions() {
    return Optional.of(options);
  }

  @Override
  public Overlay withEndpointOptions(EndpointOptions newOptions) {
    return withOptions(newOptions);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.overlay(this);
  }

  @Override
  public String toString() {
    return networkName;
  }
}
