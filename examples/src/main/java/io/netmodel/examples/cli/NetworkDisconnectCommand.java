package io.netmodel.examples.cli;

import io.netmodel.api.ConflictException;
import io.netmodel.api.NetworkInfo;
import io.netmodel.api.Networking;
import io.netmodel.api.NotFoundException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netmodel network disconnect}: remove a sandbox's endpoint on a network. As with
 * Docker, a sandbox that is not connected to the network is an error.
 */
@Command(
    name = "disconnect",
    mixinStandardHelpOptions = true,
    description = "Disconnect a sandbox from a network; silent on success.")
final class NetworkDisconnectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NETWORK", description = "The network's name or id.")
  String networkName;

  @Parameters(index = "1", paramLabel = "SANDBOX", description = "The sandbox's name or id.")
  String sandbox;

  @ParentCommand NetworkCommand network;

  @Override
  public Integer call() {
    try (Networking net = network.open()) {
      NetworkInfo info =
          net.network(networkName)
              .orElseThrow(() -> new NotFoundException("network", networkName));
      if (!net.disconnect(sandbox, info.name())) {
        throw new ConflictException(
            "sandbox " + sandbox + " is not connected to network " + info.name());
      }
      return 0;
    }
  }
}
