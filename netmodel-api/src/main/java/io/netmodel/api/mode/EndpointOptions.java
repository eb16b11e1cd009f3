package io.netmodel.api.mode;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.MacAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a sandbox asks of its endpoint on a network: Docker's {@code --ip}, {@code --ip6},
 * {@code --mac-address}, {@code --network-alias}, and the interface name inside the sandbox.
 * Every part is optional; {@link #defaults()} asks for nothing, and the driver chooses.
 *
 * <pre>{@code
 * EndpointOptions.defaults()
 *     .withIpv4((Inet4Address) IpAddresses.parse("172.18.0.10"))
 *     .withAliases(List.of("db"));
 * }</pre>
 */
public record EndpointOptions(
    Optional<Inet4Address> ipv4,
    Optional<Inet6Address> ipv6,
    Optional<MacAddress> macAddress,
    List<String> aliases,
    Optional<InterfaceName> interfaceName) {

  // Docker's rule for aliases is that of DNS names: labels of letters, digits and hyphens.
  private static final Pattern ALIAS =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*");

  private static final EndpointOptions DEFAULTS =
      new EndpointOptions(
          Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());

  public EndpointOptions {
    Objects.requireNonNull(ipv4, "ipv4");
    Objects.requireNonNull(ipv6, "ipv6");
    Objects.requireNonNull(macAddress, "macAddress");
    Objects.requireNonNull(interfaceName, "interfaceName");
    aliases = List.copyOf(aliases);
    for (String alias : aliases) {
      if (alias.length() > 253 || !ALIAS.matcher(alias).matches()) {
        throw new IllegalArgumentException(
            "network alias must be a DNS name (letters, digits, '-', '_', dot-separated"
                + " labels of 1..63, 253 at most): \"" + alias + "\"");
      }
    }
    macAddress.ifPresent(
        mac -> {
          if (mac.isMulticast() || mac.isZero()) {
            throw new IllegalArgumentException(
                "endpoint MAC address must be a unicast, non-zero address: " + mac);
          }
        });
  }

  /** No requests: the driver picks addresses, MAC and name. */
  public static EndpointOptions defaults() {
    return DEFAULTS;
  }

  public EndpointOptions withIpv4(Inet4Address address) {
    return new EndpointOptions(Optional.of(address), ipv6, macAddress, aliases, interfaceName);
  }

  public EndpointOptions withIpv6(Inet6Address address) {
    return new EndpointOptions(ipv4, Optional.of(address), macAddress, aliases, interfaceName);
  }

  public EndpointOptions withMacAddress(MacAddress mac) {
    return new EndpointOptions(ipv4, ipv6, Optional.of(mac), aliases, interfaceName);
  }

  public EndpointOptions withAliases(List<String> newAliases) {
    return new EndpointOptions(ipv4, ipv6, macAddress, newAliases, interfaceName);
  }

  public EndpointOptions withInterfaceName(InterfaceName name) {
    return new EndpointOptions(ipv4, ipv6, macAddress, aliases, Optional.of(name));
  }
}
