package io.netmodel.examples.cli;

import io.netmodel.api.Endpoint;
import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code netmodel ps}: the sandboxes. */
@Command(
    name = "ps",
    mixinStandardHelpOptions = true,
    description = {
      "List the sandboxes: name, mode, addresses, published ports.",
      "PORTS is docker ps's column: HOST_IP:HOST_PORT->PORT/PROTO for each port held, IPv6"
          + " addresses in brackets ([::]:8080->80/tcp), ports equal on both sides grouped into"
          + " ranges; json: each sandbox as `inspect` prints it."
    })
final class PsCommand implements Callable<Integer> {
  @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json.")
  String format = "table";

  @ParentCommand Main main;

  @Override
  public Integer call() {
    if (!format.equals("table") && !format.equals("json")) {
      throw new IllegalArgumentException("--format must be table or json: \"" + format + "\"");
    }
    try (Networking net = main.global.open()) {
      List<Sandbox> sandboxes = net.sandboxes();
      if (format.equals("json")) {
        List<Object> out = new ArrayList<>();
        sandboxes.forEach(s -> out.add(Json.sandbox(s)));
        System.out.println(Json.write(out));
        return 0;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"NAME", "ID", "MODE", "ADDRESSES", "PORTS"});
      for (Sandbox s : sandboxes) {
        List<String> addresses = new ArrayList<>();
        for (Endpoint e : s.endpoints()) {
          e.addresses().forEach(a -> addresses.add(a.toString()));
        }
        String ports = PublishedPorts.display(s.endpoints());
        rows.add(
            new String[] {
              s.name(),
              s.shortId(),
              s.mode().toString(),
              addresses.isEmpty() ? "-" : String.join(",", addresses),
              ports.isEmpty() ? "-" : ports
            });
      }
      Table.print(rows);
      return 0;
    }
  }
}
