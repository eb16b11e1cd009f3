package io.netmodel.examples.cli;

import io.netmodel.api.Networking;
import io.netmodel.api.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code netmodel rm}: remove sandboxes. */
@Command(
    name = "rm",
    mixinStandardHelpOptions = true,
    description = "Remove sandboxes and their namespaces; print each name removed.")
final class RmCommand implements Callable<Integer> {
  @Option(names = {"-f", "--force"}, description = "No error for a missing sandbox.")
  boolean force;

  @Parameters(arity = "1..*", paramLabel = "NAME", description = "Sandboxes to remove.")
  List<String> names = new ArrayList<>();

  @ParentCommand Main main;

  @Override
  public Integer call() {
    try (Networking net = main.global.open()) {
      for (String name : names) {
        if (net.removeSandbox(name)) {
          System.out.println(name);
        } else if (!force) {
          throw new NotFoundException("sandbox", name);
        }
      }
      return 0;
    }
  }
}
