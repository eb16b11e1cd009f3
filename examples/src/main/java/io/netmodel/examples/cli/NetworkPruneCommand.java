package io.netmodel.examples.cli;

import io.netmodel.api.ConflictException;
import io.netmodel.api.NetworkInfo;
import io.netmodel.api.Networking;
import io.netmodel.api.NotFoundException;
import io.netmodel.api.mode.NetworkMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netmodel network prune}: remove every network no sandbox is connected to, except the
 * predefined {@code bridge}. Prints what {@code docker network prune} prints: {@code Deleted
 * Networks:}, the names, and a blank line; nothing when nothing was removed.
 */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = "Remove every network no sandbox is connected to (not the default bridge).")
final class NetworkPruneCommand implements Callable<Integer> {
  @Option(
      names = {"-f", "--force"},
      description = "Accepted for Docker's sake; netmodel never asks for confirmation.")
  boolean force;

  @ParentCommand NetworkCommand network;

  @Override
  public Integer call() {
    try (Networking net = network.open()) {
      List<String> deleted = new ArrayList<>();
      for (NetworkInfo n : net.networks()) {
        if (n.name().equals(NetworkMode.DEFAULT_BRIDGE) || !n.sandboxes().isEmpty()) {
          continue;
        }
        try {
          net.removeNetwork(n.id());
          deleted.add(n.name());
        } catch (ConflictException | NotFoundException raced) {
          // Connected to or removed by another process since the listing: not unused now.
        }
      }
      if (!deleted.isEmpty()) {
        StringBuilder out = new StringBuilder("Deleted Networks:\n");
        deleted.forEach(name -> out.append(name).append('\n'));
        System.out.println(out);
      }
      return 0;
    }
  }
}
