package io.netmodel.examples.tour;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs this very command again inside a new user namespace, where it is root of its own
 * network and mount namespaces: {@code unshare --user --map-root-user --net --mount} followed
 * by this JVM's own command line. {@code unshare(CLONE_NEWUSER)} cannot be done by a running
 * JVM (it is multi-threaded), so a new process it must be.
 */
final class UserNamespaceLauncher {
  /** Set in the relaunched process, so that it never relaunches again. */
  static final String MARKER = "NETMODEL_TOUR_IN_USERNS";

  static final List<String> UNSHARE =
      List.of("unshare", "--user", "--map-root-user", "--net", "--mount");

  private UserNamespaceLauncher() {}

  /** True in the process this launcher started. */
  static boolean isRelaunched() {
    return "1".equals(System.getenv(MARKER));
  }

  /**
   * Why a user namespace cannot be made here, or empty when it can: tries {@code unshare ...
   * true} and keeps the first line it complains with.
   */
  static Optional<String> whyImpossible() {
    List<String> probe = new ArrayList<>(UNSHARE);
    probe.add("true");
    try {
      Process process = new ProcessBuilder(probe).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.of("`" + String.join(" ", probe) + "` did not finish");
      }
      if (process.exitValue() != 0) {
        return Optional.of(
            said.strip().lines().findFirst().orElse("exit status " + process.exitValue()));
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot run unshare, of util-linux: " + TourException.reasonOf(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /** This JVM's command line (program and arguments), when the system tells it. */
  static Optional<List<String>> ownCommandLine() {
    ProcessHandle.Info info = ProcessHandle.current().info();
    Optional<String> program = info.command();
    Optional<String[]> arguments = info.arguments();
    if (program.isEmpty() || arguments.isEmpty()) {
      return Optional.empty();
    }
    List<String> line = new ArrayList<>();
    line.add(program.get());
    line.addAll(List.of(arguments.get()));
    return Optional.of(line);
  }

  /**
   * Runs this command again inside a user namespace, with this process's stdin, stdout and
   * stderr, and returns its exit status; or says in one line on {@code err} why it cannot,
   * and returns 125.
   */
  static int relaunch(PrintStream err) {
    Optional<List<String>> self = ownCommandLine();
    if (self.isEmpty()) {
      err.println(
          "netmodel tour: not root, and this JVM's command line is unknown, so it cannot run"
              + " itself in a user namespace; run it as root, or try `netmodel tour --fake`");
      return Tour.EXIT_NETMODEL;
    }
    Optional<String> impossible = whyImpossible();
    if (impossible.isPresent()) {
      err.println(
          "netmodel tour: not root, and no user namespace can be made here ("
              + impossible.get() + "); run it as root, or try `netmodel tour --fake`");
      return Tour.EXIT_NETMODEL;
    }
    err.println(
        "netmodel tour: not root, so running inside a user namespace ("
            + String.join(" ", UNSHARE) + ")");
    List<String> command = new ArrayList<>(UNSHARE);
    command.addAll(self.get());
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put(MARKER, "1");
    Process child;
    try {
      child = builder.start();
    } catch (IOException e) {
      err.println(
          "netmodel tour: cannot start `" + String.join(" ", UNSHARE) + "`: "
              + TourException.reasonOf(e));
      return Tour.EXIT_NETMODEL;
    }
    // Ctrl-C reaches the child too; let it finish removing what it made before this JVM ends.
    Thread waitForChild =
        new Thread(
            () -> {
              try {
                child.waitFor(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "tour-wait-for-user-namespace");
    Runtime.getRuntime().addShutdownHook(waitForChild);
    try {
      return child.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.destroy();
      return Tour.EXIT_NETMODEL;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(waitForChild);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running and waits for the child.
      }
    }
  }
}
