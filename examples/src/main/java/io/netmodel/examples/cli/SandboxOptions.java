package io.netmodel.examples.cli;

import io.netmodel.api.Networking;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.Bridge;
import io.netmodel.api.mode.EndpointOptions;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.MacAddress;
import io.netmodel.api.net.PortMapping;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code create} share: Docker's networking flags. */
final class SandboxOptions {
  @Option(names = "--name", paramLabel = "NAME", description = "Name of the sandbox.")
  String name;

  @Option(
      names = {"--network", "--net"},
      paramLabel = "MODE",
      description = "host, none, bridge (default), container:NAME, or a network's name.")
  String network = NetworkMode.DEFAULT_BRIDGE;

  @Option(names = "--ip", paramLabel = "ADDR", description = "IPv4 address on the network.")
  String ip;

  @Option(names = "--ip6", paramLabel = "ADDR", description = "IPv6 address on the network.")
  String ip6;

  @Option(names = "--mac-address", paramLabel = "MAC", description = "MAC address.")
  String macAddress;

  @Option(
      names = {"-p", "--publish"},
      paramLabel = "SPEC",
      description = "Publish a port: [HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTO].")
  List<String> publish = new ArrayList<>();

  @Option(names = "--network-alias", paramLabel = "NAME", description = "Alias on the network.")
  List<String> aliases = new ArrayList<>();

  /** The spec these options describe; refuses options the mode cannot take, as Docker does. */
  SandboxSpec toSpec(Networking net) {
    NetworkMode mode = net.parseMode(network);
    EndpointOptions endpoint = EndpointOptions.defaults();
    if (ip != null) {
      endpoint = endpoint.withIpv4(IpAddresses.parseIpv4(ip));
    }
    if (ip6 != null) {
      endpoint = endpoint.withIpv6(IpAddresses.parseIpv6(ip6));
    }
    if (macAddress != null) {
      endpoint = endpoint.withMacAddress(MacAddress.parse(macAddress));
    }
    endpoint = endpoint.withAliases(aliases);
    List<PortMapping> ports = new ArrayList<>();
    for (String spec : publish) {
      ports.add(PortMapping.parse(spec));
    }
    if (mode.network().isEmpty()) {
      refuseFor(mode, endpoint, ports);
    } else if (mode instanceof Bridge) {
      mode = ((Bridge) mode).withOptions(endpoint).withPublish(ports);
    } else {
      if (!ports.isEmpty()) {
        throw new IllegalArgumentException(
            "port publishing (-p) needs a bridge network; network " + mode + " is not one");
      }
      mode = mode.withEndpointOptions(endpoint);
    }
    SandboxSpec spec = SandboxSpec.of(mode);
    return name == null ? spec : spec.withName(name);
  }

  private void refuseFor(NetworkMode mode, EndpointOptions endpoint, List<PortMapping> ports) {
    List<String> given = new ArrayList<>();
    if (ip != null) {
      given.add("--ip");
    }
    if (ip6 != null) {
      given.add("--ip6");
    }
    if (macAddress != null) {
      given.add("--mac-address");
    }
    if (!ports.isEmpty()) {
      given.add("--publish");
    }
    if (!endpoint.aliases().isEmpty()) {
      given.add("--network-alias");
    }
    if (!given.isEmpty()) {
      throw new IllegalArgumentException(
          "conflicting options: " + String.join(", ", given) + " cannot be used with network"
              + " mode " + mode + " (it has no endpoint of its own)");
    }
  }
}
