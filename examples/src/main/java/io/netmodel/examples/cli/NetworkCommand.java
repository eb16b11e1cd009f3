package io.netmodel.examples.cli;

import io.netmodel.api.Networking;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netmodel network}: Docker's {@code docker network} verbs over netmodel's networks.
 * Without a verb it prints its usage, as {@code docker network} does.
 */
@Command(
    name = "network",
    mixinStandardHelpOptions = true,
    description = "Manage networks: create, ls, inspect, rm, connect, disconnect, prune.",
    subcommands = {
      NetworkCreateCommand.class,
      NetworkLsCommand.class,
      NetworkInspectCommand.class,
      NetworkRmCommand.class,
      NetworkConnectCommand.class,
      NetworkDisconnectCommand.class,
      NetworkPruneCommand.class,
    })
final class NetworkCommand implements Runnable {
  @ParentCommand Main main;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Opens the Networking the global options describe. */
  Networking open() {
    return main.global.open();
  }
}
