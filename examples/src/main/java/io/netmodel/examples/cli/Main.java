package io.netmodel.examples.cli;

import io.netmodel.examples.tour.Tour;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code netmodel} command: Docker's networking verbs over netmodel's sandboxes and
 * networks. Exit statuses follow Docker's: the command's own for {@code run} and {@code
 * exec}; 125 when netmodel itself fails, with one line on stderr; 126 when the command
 * cannot be started; 127 when it is not found.
 */
@Command(
    name = "netmodel",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Docker's network modes on real Linux network namespaces.",
    subcommands = {
      TourCommand.class,
      RunCommand.class,
      CreateCommand.class,
      ExecCommand.class,
      PsCommand.class,
      InspectCommand.class,
      RmCommand.class,
      NetworkCommand.class,
      BenchCommand.class,
      VersionCommand.class,
    })
public final class Main implements Runnable {
  /** netmodel itself failed: bad input, conflict, missing object, kernel refusal. */
  static final int EXIT_NETMODEL = 125;
  /** The command exists but cannot be started. */
  static final int EXIT_CANNOT_RUN = 126;
  /** The command was not found. */
  static final int EXIT_NOT_FOUND = 127;

  @CommandLine.Mixin GlobalOptions global = new GlobalOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Without a command, prints the usage, as {@code docker} does. */
  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(Main::handle);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println(
              "netmodel: " + e.getMessage() + " (see '"
                  + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
          err.flush();
          return EXIT_NETMODEL;
        });
    return cli.execute(args);
  }

  private static int handle(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    err.println("netmodel: " + describe(e));
    err.flush();
    return EXIT_NETMODEL;
  }

  /** One line saying what failed and why, without a stack trace. */
  static String describe(Throwable e) {
    return Tour.describe(e);
  }
}
