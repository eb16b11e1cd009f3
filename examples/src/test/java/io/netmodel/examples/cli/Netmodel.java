package io.netmodel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;

/**
 * The {@code netmodel} command as a user runs it: {@code java -jar netmodel.jar}, one process
 * per invocation, with its own {@code --state-dir} and {@code --netns-dir} under a test's
 * temporary directory. The jar is {@code -Dnetmodel.jar} (set by failsafe), by default {@code
 * target/netmodel.jar}. {@link #cleanUp()} unmounts and removes whatever the invocations left,
 * so a failed test leaves no namespace behind. Not thread-safe except {@link #start}, which
 * may be called from several threads.
 */
final class Netmodel {
  static final long TIMEOUT_SECONDS = 60;

  private final Path root;
  private final Path stateDir;
  private final Path netnsDir;

  private Netmodel(Path root) {
    this.root = root;
    this.stateDir = root.resolve("state");
    this.netnsDir = root.resolve("netns");
  }

  /** A command whose state and namespaces live under {@code temp}, which must exist. */
  static Netmodel in(Path temp) {
    assertThat(jar()).as("the jar to run (build it with mvn package)").isRegularFile();
    return new Netmodel(temp);
  }

  static Path jar() {
    return Path.of(System.getProperty("netmodel.jar", "target/netmodel.jar")).toAbsolutePath();
  }

  Path netnsDir() {
    return netnsDir;
  }

  /** Runs {@code netmodel --state-dir … --netns-dir … ARGS} with empty stdin. */
  Outcome run(String... args) throws Exception {
    return Outcome.of(start(args), "", command(args));
  }

  /** Runs the command with {@code input} on its stdin. */
  Outcome runWithInput(String input, String... args) throws Exception {
    return Outcome.of(start(args), input, command(args));
  }

  /** Starts the command without waiting for it; finish it with {@link Outcome#of}. */
  Process start(String... args) throws IOException {
    return new ProcessBuilder(command(args)).start();
  }

  List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.add("--state-dir");
    command.add(stateDir.toString());
    command.add("--netns-dir");
    command.add(netnsDir.toString());
    command.addAll(List.of(args));
    return command;
  }

  /** Files left in the netns directory (namespaces still pinned), by name. */
  List<String> namespaceFiles() throws IOException {
    if (!Files.isDirectory(netnsDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(netnsDir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  /** Mount points at or below this command's directory, as /proc/self/mountinfo lists them. */
  List<String> mountsBelow() throws IOException {
    String top = root.toString();
    List<String> points = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] fields = line.split(" ");
      if (fields.length > 4) {
        String point = unescape(fields[4]);
        if (point.equals(top) || point.startsWith(top + "/")) {
          points.add(point);
        }
      }
    }
    return points;
  }

  /**
   * Unmounts every namespace file and the netns directory's own bind mount, deepest first, then
   * removes the namespace files. Safe to call when nothing was made.
   */
  void cleanUp() throws Exception {
    List<String> points = mountsBelow();
    points.sort(Comparator.comparingInt(String::length).reversed());
    for (String point : points) {
      Outcome.of(new ProcessBuilder("umount", "-l", point).start(), "", List.of("umount", point));
    }
    if (Files.isDirectory(netnsDir)) {
      try (Stream<Path> files = Files.list(netnsDir)) {
        for (Path file : files.collect(Collectors.toList())) {
          Files.deleteIfExists(file);
        }
      }
    }
    assertThat(mountsBelow()).as("mounts left after clean-up").isEmpty();
  }

  /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Waits for {@code file} to hold a process id (written by a command as {@code echo $$ >
   * file}) and returns it.
   */
  static long awaitPid(Path file) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        String text = Files.readString(file).strip();
        if (!text.isEmpty()) {
          return Long.parseLong(text);
        }
      }
      Thread.sleep(50);
    }
    return Assertions.fail("no process id in " + file + " after " + TIMEOUT_SECONDS + " s");
  }

  /** Whether process {@code pid} is still running (a zombie is not). */
  static boolean isRunning(long pid) throws IOException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    String text;
    try {
      text = Files.readString(stat);
    } catch (NoSuchFileException gone) {
      return false;
    }
    // pid (comm) STATE ...: the state follows the last ')'.
    return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
  }

  /** Waits up to {@code seconds} for process {@code pid} to end; true if it did. */
  static boolean awaitEnd(long pid, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (isRunning(pid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /** Runs any other program (a witness such as {@code ip} or {@code nsenter}) to its end. */
  static Outcome exec(String... command) throws Exception {
    return Outcome.of(new ProcessBuilder(command).start(), "", List.of(command));
  }

  /** A finished process: its exit status and everything it printed. */
  record Outcome(List<String> command, int status, String out, String err) {
    Outcome {
      command = List.copyOf(command);
    }

    /** Feeds {@code input} to {@code process}, closes its stdin and waits for it to end. */
    static Outcome of(Process process, String input, List<String> command) throws Exception {
      CompletableFuture<String> out = readLater(process.getInputStream());
      CompletableFuture<String> err = readLater(process.getErrorStream());
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // The process ended without reading its input; its outcome says why.
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        Assertions.fail(
            command + " did not finish in " + TIMEOUT_SECONDS + " s; printed:\n"
                + out.getNow("") + err.getNow(""));
      }
      return new Outcome(
          command,
          process.exitValue(),
          out.get(10, TimeUnit.SECONDS),
          err.get(10, TimeUnit.SECONDS));
    }

    List<String> outLines() {
      return out.lines().collect(Collectors.toList());
    }

    List<String> errLines() {
      return err.lines().collect(Collectors.toList());
    }

    private static CompletableFuture<String> readLater(InputStream stream) {
      CompletableFuture<String> text = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try (stream) {
                  text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                  text.complete("(unreadable: " + e.getMessage() + ")");
                }
              },
              "netmodel-it-reader");
      reader.setDaemon(true);
      reader.start();
      return text;
    }

    @Override
    public String toString() {
      return String.join(" ", command) + "\n--- status " + status + "\n--- stdout:\n" + out
          + "--- stderr:\n" + err;
    }
  }
}
