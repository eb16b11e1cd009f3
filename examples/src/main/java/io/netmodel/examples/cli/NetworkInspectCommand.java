package io.netmodel.examples.cli;

import io.netmodel.api.NetworkInfo;
import io.netmodel.api.Networking;
import io.netmodel.api.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netmodel network inspect}: networks as a JSON array shaped like Docker's. As {@code
 * docker network inspect} does, the networks found are printed even when some names are not;
 * each missing one is a line on stderr and the status is then 125.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Print networks as a JSON array, as `docker network inspect` does.")
final class NetworkInspectCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "NAME", description = "Networks' names or ids.")
  List<String> names = new ArrayList<>();

  @ParentCommand NetworkCommand network;

  @Override
  public Integer call() {
    try (Networking net = network.open()) {
      List<Object> found = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (String name : names) {
        Optional<NetworkInfo> info = net.network(name);
        if (info.isPresent()) {
          found.add(NetworkJson.inspect(net, info.get()));
        } else {
          missing.add(new NotFoundException("network", name).getMessage());
        }
      }
      if (!found.isEmpty()) {
        System.out.println(Json.write(found));
      }
      missing.forEach(line -> System.err.println("netmodel: " + line));
      return missing.isEmpty() ? 0 : Main.EXIT_NETMODEL;
    }
  }
}
