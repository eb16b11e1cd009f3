package io.netmodel.examples.cli;

import io.netmodel.api.Networking;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.EndpointOptions;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.MacAddress;
import io.netmodel.api.net.PortMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
      description = {
        "Publish a sandbox port on the host, as docker run -p does (repeatable; bridge"
            + " networks only): [HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/tcp|udp|sctp],"
            + " IPv6 host addresses in brackets. No HOST_IP: every address; no HOST_PORT or 0:"
            + " a free ephemeral port; HOST_PORT-END for one CONTAINER_PORT: the first free"
            + " port of the range. `ps` and `inspect` show the ports held."
      })
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
    if (!ports.isEmpty() && !mode.driver().equals(Optional.of("bridge"))) {
      // Docker's words for its own refusal (container mode), for every mode but bridge here.
      throw new IllegalArgumentException(
          "conflicting options: port publishing (-p " + String.join(" -p ", publish)
              + ") and network mode " + mode + ": only bridge networks publish ports");
    }
    if (mode.network().isEmpty()) {
      refuseFor(mode, endpoint);
    } else {
      mode = mode.withEndpointOptions(endpoint).withPublish(ports);
    }
    SandboxSpec spec = SandboxSpec.of(mode);
    return name == null ? spec : spec.withName(name);
  }

  private void refuseFor(NetworkMode mode, EndpointOptions endpoint) {
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
