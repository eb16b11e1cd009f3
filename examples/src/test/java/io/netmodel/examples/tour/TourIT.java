package io.netmodel.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netmodel tour} as a user runs it: {@code java -jar netmodel.jar tour}, on the real
 * kernel (as root, or by itself inside a user namespace). The jar is {@code
 * -Dnetmodel.jar}, by default {@code target/netmodel.jar} of the examples module. The tour's
 * temporary directory is this test's, so leftovers can be looked for. Skipped where neither
 * root nor a user namespace is available, except under CI=true.
 */
class TourIT {
  private static final Pattern SUMMARY =
      Pattern.compile("^(\\d+) claims checked, (\\d+) hold$", Pattern.MULTILINE);

  @TempDir Path temp;

  @BeforeEach
  void needsNamespaces() {
    boolean root = Privileges.canMakeNamespaces();
    String why = root ? "" : UserNamespaceLauncher.whyImpossible().orElse("");
    boolean possible = root || why.isEmpty();
    if (!possible && "true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("CI=true, so this cannot be skipped: no root and no user namespace: " + why);
    }
    Assumptions.assumeTrue(possible, "the tour needs root or a user namespace: " + why);
    assertThat(jar()).as("the jar to run (build it with mvn package)").isRegularFile();
  }

  @AfterEach
  void unmountWhatAFailedTestLeft() throws Exception {
    for (String point : mountsUnder(temp)) {
      new ProcessBuilder("umount", "-R", "-l", point).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void checksEveryClaimAndLeavesNothingBehind() throws Exception {
    List<String> linksBefore = linksHere();
    Run run = tour();

    assertThat(run.status()).as(run.toString()).isZero();
    Matcher summary = SUMMARY.matcher(run.out());
    assertThat(summary.find()).as(run.toString()).isTrue();
    assertThat(Integer.parseInt(summary.group(1))).isPositive();
    assertThat(summary.group(2)).isEqualTo(summary.group(1));
    assertThat(run.out())
        .doesNotContain("✗")
        .contains("1. host mode", "2. container mode", "3. none mode", "4. bridge mode")
        .contains("✓ host sees the host's interfaces", "✓ con1 and con2 have the same IP")
        .contains("✓ nothing is reachable from none")
        .contains("✓ b1 reaches b2 over the bridge")
        .contains("✓ b1 reaches the outside through NAT: the outside sees the host's address")
        .contains("✓ a published port answers from outside (-p 8080:80)")
        .contains("5. macvlan mode (MacVLAN模式)")
        .doesNotContain("5. macvlan mode (MacVLAN模式)  not yet")
        .contains("✓ mv1's eth0 is a macvlan on the host's eth0, its own MAC")
        .contains("✓ mv1 has an address of the LAN 192.168.77.0/24")
        .contains("✓ mv1 reaches mv2 on the LAN")
        .contains("✓ mv1 reaches the outside directly, as itself: no NAT")
        .contains("✓ the host cannot reach mv1 through eth0 (macvlan's rule)")
        .contains("5a. ipvlan mode");
    // Either the kernel has ipvlan and the chapter checks its claim, or netmodel's refusal,
    // naming the driver, is the chapter's one line.
    assertThat(run.out())
        .containsAnyOf(
            "✓ iv1's eth0 is an ipvlan sharing the host eth0's MAC",
            "refused here: this kernel has no ipvlan driver");
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertNothingLeft();
    assertThat(linksHere())
        .as("links in the namespace the tour was started in")
        .containsExactlyInAnyOrderElementsOf(linksBefore);
  }

  @Test
  void keepLeavesTheSandboxesAndPrintsCommandsThatRemoveThem() throws Exception {
    Run run = tour("--keep");

    assertThat(run.status()).as(run.toString()).isZero();
    if (!Privileges.canMakeNamespaces()) {
      // The tour ran in a user namespace of its own: nothing can outlive it.
      assertThat(run.out()).contains("--keep: nothing can be kept");
      assertNothingLeft();
      return;
    }
    Path root = onlyTourDirectory();
    Path netns = root.resolve("netns");
    assertThat(mountsUnder(temp))
        .contains(
            netns.toString(),
            netns.resolve("tour-host").toString(),
            netns.resolve("con1").toString(),
            netns.resolve("none").toString());
    assertThat(shell("nsenter --net=" + netns.resolve("con1") + " ip -br addr"))
        .contains("172.17.0.2/16");

    List<String> commands = removalCommands(run.out());
    assertThat(commands).isNotEmpty().allSatisfy(c -> assertThat(c).contains(root.toString()));
    for (String command : commands) {
      shell(command);
    }
    assertNothingLeft();
  }

  private void assertNothingLeft() throws IOException {
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(Path::toString))
          .as("files left in the tour's temporary directory")
          .isEmpty();
    }
    assertThat(mountsUnder(temp)).as("mounts left under " + temp).isEmpty();
  }

  private Path onlyTourDirectory() throws IOException {
    try (Stream<Path> files = Files.list(temp)) {
      List<Path> all = files.collect(Collectors.toList());
      assertThat(all).hasSize(1);
      assertThat(all.get(0).getFileName().toString()).startsWith("netmodel-tour-");
      return all.get(0);
    }
  }

  /** The indented lines after "Remove it all with:". */
  private static List<String> removalCommands(String out) {
    List<String> commands = new ArrayList<>();
    boolean reading = false;
    for (String line : out.split("\n")) {
      if (line.strip().equals("Remove it all with:")) {
        reading = true;
      } else if (reading && line.startsWith("    ") && !line.isBlank()) {
        commands.add(line.strip());
      } else if (reading) {
        break;
      }
    }
    return commands;
  }

  /** The names of the links in this JVM's network namespace, from {@code ip -br link}. */
  private static List<String> linksHere() throws Exception {
    return shell("ip -br link").lines()
        .map(line -> line.split("\\s+")[0])
        .collect(Collectors.toList());
  }

  private static List<String> mountsUnder(Path dir) throws IOException {
    String prefix = dir.toString() + "/";
    return MountTable.parse(Files.readAllLines(Path.of("/proc/self/mountinfo"))).stream()
        .filter(point -> point.startsWith(prefix) || point.equals(dir.toString()))
        .collect(Collectors.toList());
  }

  private static Path jar() {
    return Path.of(System.getProperty("netmodel.jar", "target/netmodel.jar")).toAbsolutePath();
  }

  private Run tour(String... options) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + temp);
    command.add("-jar");
    command.add(jar().toString());
    command.add("tour");
    command.addAll(List.of(options));
    return Run.of(new ProcessBuilder(command));
  }

  private static String shell(String command) throws Exception {
    Run run = Run.of(new ProcessBuilder("sh", "-c", command));
    assertThat(run.status()).as(command + ": " + run).isZero();
    return run.out();
  }
}
