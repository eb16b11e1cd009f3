package io.netmodel.examples.cli;

import io.netmodel.api.Networking;
import io.netmodel.api.NotFoundException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code netmodel inspect}: one sandbox or network, as JSON. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Print one sandbox or network as JSON.",
      "A sandbox: Name, Id, Mode, Namespace, Endpoints (network, interface, MAC, addresses,"
          + " gateways, published ports as held, aliases) and, in Docker's shape,"
          + " NetworkSettings.Ports: {\"80/tcp\": [{\"HostIp\": \"0.0.0.0\", \"HostPort\":"
          + " \"8080\"}]}. A network: as `network inspect` prints it."
    })
final class InspectCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "A sandbox's or a network's name or id.")
  String name;

  @ParentCommand Main main;

  @Override
  public Integer call() {
    try (Networking net = main.global.open()) {
      Optional<Object> found =
          net.sandbox(name)
              .<Object>map(Json::sandbox)
              .or(() -> net.network(name).map(n -> NetworkJson.inspect(net, n)));
      Object value = found.orElseThrow(() -> new NotFoundException("sandbox or network", name));
      System.out.println(Json.write(value));
      return 0;
    }
  }
}
