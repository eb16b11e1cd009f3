package io.netmodel.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netmodel tour --fake} as a user runs it: {@code java -jar netmodel.jar tour --fake}
 * from the packaged jar (the testkit's fake kernel is in it). Run as this test's user, and,
 * where this test is root, as the unprivileged user nobody ({@code setpriv --reuid=65534
 * --regid=65534 --clear-groups}): no capability, no user namespace, yet every claim holds.
 */
class FakeTourIT {
  private static final Pattern SUMMARY =
      Pattern.compile("^(\\d+) claims checked, (\\d+) hold$", Pattern.MULTILINE);
  private static final String TITLE =
      "on the testkit's fake kernel: nothing on this machine is touched";

  @TempDir Path temp;

  @Test
  void everyClaimHoldsAsThisUser() throws Exception {
    Run run = Run.of(new ProcessBuilder(tour()));

    assertEveryClaimHolds(run);
    assertNothingLeft(temp);
  }

  @Test
  void everyClaimHoldsAsAnUnprivilegedUser() throws Exception {
    boolean root = "0".equals(id("-u"));
    if (!root && "true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("CI=true, so this cannot be skipped: becoming nobody needs root");
    }
    Assumptions.assumeTrue(root, "becoming nobody needs root");
    // nobody's own temporary directory, inside this test's, which nobody may only pass.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x"));
    Path nobodys = Files.createDirectory(temp.resolve("nobody"));
    Files.setPosixFilePermissions(nobodys, PosixFilePermissions.fromString("rwxrwxrwx"));
    List<String> command =
        new ArrayList<>(
            List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
    command.addAll(tour("-Djava.io.tmpdir=" + nobodys));

    Run run = Run.of(new ProcessBuilder(command).directory(nobodys.toFile()));

    assertEveryClaimHolds(run);
    assertThat(run.err()).doesNotContain("user namespace");
    assertNothingLeft(nobodys);
  }

  private static void assertEveryClaimHolds(Run run) {
    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.out().lines().findFirst()).as(run.toString()).hasValueSatisfying(
        title -> assertThat(title).contains(TITLE));
    Matcher summary = SUMMARY.matcher(run.out());
    assertThat(summary.find()).as(run.toString()).isTrue();
    assertThat(Integer.parseInt(summary.group(1))).as(run.toString()).isPositive();
    assertThat(summary.group(2)).as(run.toString()).isEqualTo(summary.group(1));
    assertThat(run.out()).as(run.toString()).doesNotContain("✗");
    assertThat(run.err()).as(run.toString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static void assertNothingLeft(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(Path::toString))
          .as("files the fake tour left in its temporary directory " + dir)
          .allSatisfy(f -> assertThat(f).endsWith("/nobody"));
    }
  }

  private List<String> tour(String... jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(jvmOptions.length == 0 ? "-Djava.io.tmpdir=" + temp : jvmOptions[0]);
    command.add("-jar");
    command.add(jar().toString());
    command.add("tour");
    command.add("--fake");
    return command;
  }

  private static Path jar() {
    Path jar =
        Path.of(System.getProperty("netmodel.jar", "target/netmodel.jar")).toAbsolutePath();
    assertThat(jar).as("the jar to run (build it with mvn package)").isRegularFile();
    return jar;
  }

  private static String id(String option) throws Exception {
    return Run.of(new ProcessBuilder("id", option)).out().strip();
  }
}
