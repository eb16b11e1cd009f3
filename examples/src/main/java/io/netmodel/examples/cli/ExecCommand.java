package io.netmodel.examples.cli;

import io.netmodel.api.Networking;
import io.netmodel.api.namespace.NamespaceHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code netmodel exec}: run a command inside a sandbox's network namespace. */
@Command(
    name = "exec",
    mixinStandardHelpOptions = true,
    description = "Run CMD inside sandbox NAME's network namespace; exit with CMD's status.")
final class ExecCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "The sandbox.")
  String name;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
  List<String> command = new ArrayList<>();

  @ParentCommand Main main;

  @Override
  public Integer call() throws Exception {
    try (StopHook stop = StopHook.install();
        Networking net = main.global.open();
        NamespaceHandle ns = net.openNamespace(name)) {
      return Processes.runInside(ns, command, stop);
    }
  }
}
