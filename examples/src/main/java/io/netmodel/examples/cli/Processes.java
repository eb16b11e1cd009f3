package io.netmodel.examples.cli;

import io.netmodel.api.namespace.NamespaceHandle;
import java.io.IOException;
import java.util.List;

/** Runs a user's command inside a namespace and maps failures to Docker's exit statuses. */
final class Processes {
  private Processes() {}

  /**
   * Runs {@code command} inside {@code ns} with this process's stdio; returns its status. If
   * netmodel is told to stop meanwhile, {@code stop} passes SIGTERM on to the command.
   */
  static int runInside(NamespaceHandle ns, List<String> command, StopHook stop)
      throws InterruptedException {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no command given after --");
    }
    Process process;
    try {
      process = ns.start(new ProcessBuilder(command).inheritIO());
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      System.err.println("netmodel: cannot run " + command.get(0) + ": " + reason(message));
      return message.contains("error=2,") ? Main.EXIT_NOT_FOUND : Main.EXIT_CANNOT_RUN;
    }
    stop.watch(process);
    return process.waitFor();
  }

  private static String reason(String message) {
    int at = message.indexOf("error=");
    if (at < 0) {
      return message;
    }
    int comma = message.indexOf(", ", at);
    return comma < 0 ? message.substring(at) : message.substring(comma + 2);
  }
}
