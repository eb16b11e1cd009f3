package io.netmodel.examples.cli;

import io.netmodel.api.NetworkInfo;
import io.netmodel.api.Networking;
import io.netmodel.api.mode.EndpointOptions;
import io.netmodel.api.net.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code netmodel network connect}: give a sandbox one more endpoint, on a network. */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    description = "Connect a sandbox to a network; silent on success.")
final class NetworkConnectCommand implements Callable<Integer> {
  @Option(names = "--ip", paramLabel = "ADDR", description = "IPv4 address on the network.")
  String ip;

  @Option(names = "--ip6", paramLabel = "ADDR", description = "IPv6 address on the network.")
  String ip6;

  @Option(names = "--alias", paramLabel = "NAME", description = "Alias on the network.")
  List<String> aliases = new ArrayList<>();

  @Parameters(index = "0", paramLabel = "NETWORK", description = "The network's name or id.")
  String networkName;

  @Parameters(index = "1", paramLabel = "SANDBOX", description = "The sandbox's name or id.")
  String sandbox;

  @ParentCommand NetworkCommand network;

  @Override
  public Integer call() {
    EndpointOptions endpoint = EndpointOptions.defaults();
    if (ip != null) {
      endpoint = endpoint.withIpv4(IpAddresses.parseIpv4(ip));
    }
    if (ip6 != null) {
      endpoint = endpoint.withIpv6(IpAddresses.parseIpv6(ip6));
    }
    endpoint = endpoint.withAliases(aliases);
    try (Networking net = network.open()) {
      // An id names the network too; a missing name is left for connect to report.
      String name = net.network(networkName).map(NetworkInfo::name).orElse(networkName);
      net.connect(sandbox, net.parseMode(name).withEndpointOptions(endpoint));
      return 0;
    }
  }
}
