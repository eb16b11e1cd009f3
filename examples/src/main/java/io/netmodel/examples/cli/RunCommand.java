package io.netmodel.examples.cli;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.namespace.NamespaceHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code netmodel run}: make a sandbox, run a command inside its network, exit with its status. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Make a sandbox and run CMD inside its network namespace, with stdin, stdout and"
          + " stderr passed through; exit with CMD's status.",
      "With --network container:NAME the sandbox joins NAME's namespace."
    })
final class RunCommand implements Callable<Integer> {
  @Mixin SandboxOptions sandbox = new SandboxOptions();

  @Option(names = "--rm", description = "Remove the sandbox when CMD ends.")
  boolean remove;

  @Parameters(paramLabel = "CMD", arity = "1..*", description = "The command and its arguments (after --).")
  List<String> command = new ArrayList<>();

  @picocli.CommandLine.ParentCommand Main main;

  @Override
  public Integer call() throws Exception {
    // The stop hook closes last, so a stop waits for --rm's removal.
    try (StopHook stop = StopHook.install();
        Networking net = main.global.open()) {
      Sandbox created = net.createSandbox(sandbox.toSpec(net));
      try (NamespaceHandle ns = net.openNamespace(created.name())) {
        return Processes.runInside(ns, command, stop);
      } finally {
        if (remove) {
          net.removeSandbox(created.name());
        }
      }
    }
  }
}
