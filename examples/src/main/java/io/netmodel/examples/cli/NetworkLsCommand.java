package io.netmodel.examples.cli;

import io.netmodel.api.NetworkInfo;
import io.netmodel.api.Networking;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code netmodel network ls}: the networks, as {@code docker network ls} lists them. */
@Command(
    name = "ls",
    aliases = "list",
    mixinStandardHelpOptions = true,
    description = "List the networks: id, name, driver, scope.")
final class NetworkLsCommand implements Callable<Integer> {
  @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json.")
  String format = "table";

  @ParentCommand NetworkCommand network;

  @Override
  public Integer call() {
    if (!format.equals("table") && !format.equals("json")) {
      throw new IllegalArgumentException("--format must be table or json: \"" + format + "\"");
    }
    try (Networking net = network.open()) {
      List<NetworkInfo> networks = net.networks();
      if (format.equals("json")) {
        List<Object> out = new ArrayList<>();
        networks.forEach(n -> out.add(NetworkJson.summary(n)));
        System.out.println(Json.write(out));
        return 0;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"NETWORK ID", "NAME", "DRIVER", "SCOPE"});
      for (NetworkInfo n : networks) {
        rows.add(
            new String[] {NetworkJson.shortId(n), n.name(), n.spec().driver(), NetworkJson.SCOPE});
      }
      Table.print(rows);
      return 0;
    }
  }
}
