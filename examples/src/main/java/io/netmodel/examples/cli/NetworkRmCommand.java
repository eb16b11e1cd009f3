package io.netmodel.examples.cli;

import io.netmodel.api.Networking;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netmodel network rm}: remove networks, printing each name removed. As {@code docker
 * network rm} does, a failure to remove one is reported and the others are still tried; the
 * status is 125 if any failed.
 */
@Command(
    name = "rm",
    aliases = "remove",
    mixinStandardHelpOptions = true,
    description = "Remove networks and their devices; print each name removed.")
final class NetworkRmCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "NAME", description = "Networks' names or ids.")
  List<String> names = new ArrayList<>();

  @ParentCommand NetworkCommand network;

  @Override
  public Integer call() {
    boolean failed = false;
    try (Networking net = network.open()) {
      for (String name : names) {
        try {
          net.removeNetwork(name);
          System.out.println(name);
        } catch (RuntimeException e) {
          // One line per failure; the rest are still tried.
          System.out.flush();
          System.err.println("netmodel: " + Main.describe(e));
          failed = true;
        }
      }
    }
    return failed ? Main.EXIT_NETMODEL : 0;
  }
}
