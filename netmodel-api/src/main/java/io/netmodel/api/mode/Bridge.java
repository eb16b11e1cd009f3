package io.netmodel.api.mode;

import io.netmodel.api.net.PortMapping;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Bridge mode, Docker's default: the sandbox gets a namespace of its own and a veth pair,
 * one end {@code eth0} inside, the other on the network's bridge on the host. Outgoing
 * traffic is masqueraded; {@code publish} lists the ports to publish on the host (Docker's
 * {@code -p}).
 *
 * <p>{@code toString} is the network's name, Docker's {@code --network} value.
 */
public record Bridge(String networkName, EndpointOptions options, List<PortMapping> publish)
    implements NetworkMode {

  public Bridge {
    Objects.requireNonNull(networkName, "networkName");
    Objects.requireNonNull(options, "options");
    NetworkNames.check(networkName, "bridge network name");
    publish = List.copyOf(publish);
  }

  /** Attaches to {@code networkName} with default endpoint options and no published ports. */
  public static Bridge of(String networkName) {
    return new Bridge(networkName, EndpointOptions.defaults(), List.of());
  }

  /** The default bridge network, {@value NetworkMode#DEFAULT_BRIDGE}. */
  public static Bridge defaultNetwork() {
    return of(DEFAULT_BRIDGE);
  }

  /** The same network and ports, with other endpoint options. */
  public Bridge withOptions(EndpointOptions newOptions) {
    return new Bridge(networkName, newOptions, publish);
  }

  /** The same network and options, publishing {@code ports}. */
  @Override
  public Bridge withPublish(List<PortMapping> ports) {
    return new Bridge(networkName, options, ports);
  }

  @Override
  public Optional<String> network() {
    return Optional.of(networkName);
  }

  @Override
  public Optional<String> driver() {
    return Optional.of("bridge");
  }

  @Override
  public Optional<EndpointOptions> endpointOptions() {
    return Optional.of(options);
  }

  @Override
  public Bridge withEndpointOptions(EndpointOptions newOptions) {
    return withOptions(newOptions);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.bridge(this);
  }

  @Override
  public String toString() {
    return networkName;
  }
}
