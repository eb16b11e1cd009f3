package io.netmodel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.testkit.junit.KernelPrivilege;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole benchmark on the real kernel at N = 5, peers included, and checks that it
 * ran to the end, printed every section and left nothing behind. No timing is checked.
 */
class BenchSmokeTest {
  @TempDir Path tmp;

  @Test
  void runsEverySectionAtFiveSandboxesAndCleansUp() throws IOException {
    KernelPrivilege.requireNamespaceAdmin();
    Result result =
        run("--n", "5", "--peer-n", "5", "--jit-warmup", "12", "--warmup", "2", "--tmp",
            tmp.toString());

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("netmodel's JIT warm-up at most 12 sandboxes")
        .contains("JIT warm-up: 12 bridge-mode sandboxes (and as many none-mode) in 1 rounds")
        .contains("the compiler was not quiet yet (--jit-warmup reached)")
        .contains("== N = 5 sandboxes on one IPv4-only /16 bridge network ==")
        .contains("netmodel attach (bridge mode)")
        .contains("ms while the attaches were timed)")
        .contains("netmodel remove")
        .contains("netmodel none-mode create (namespace floor)")
        .contains("netmodel none-mode remove")
        .contains("memory: JVM peak RSS (VmHWM)")
        .contains("memory per live sandbox")
        .contains("peer ip, one process per operation")
        .contains("peer ip -batch")
        .contains("peer CNI bridge")
        .contains("ratios at N = 5")
        .contains("== aims (issue #9) ==");
    if (Commands.installed("cc")) {
      assertThat(result.out()).contains("floor (floor.c: raw syscalls");
    } else {
      assertThat(result.out())
          .contains("C floor: skipped, no C compiler (cc) on the PATH to build floor.c");
    }
    assertNothingLeftIn(tmp);
  }

  @Test
  void floorRunsBesideNetmodelAndPrintsTheRatios() throws IOException {
    KernelPrivilege.requireNamespaceAdmin();
    KernelPrivilege.require(
        Commands.installed("cc"),
        "needs a C compiler (cc) to build floor.c (Debian: apt-get install gcc libc6-dev)");
    Result result =
        run("--n", "5", "--peers", "none", "--jit-warmup", "0", "--warmup", "2", "--tmp",
            tmp.toString());

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("C floor: ")
        .contains(" built with cc -O2 in ")
        .contains("floor (floor.c: raw syscalls, fewest rtnetlink messages, one process):")
        .contains("  detach (namespace deletion)")
        .contains("steps of the floor's attach")
        .contains("veth, eth0 inside, on bridge, up (1 msg)")
        .contains("netmodel over the floor at N = 5: attach ")
        .contains("N = 5: attach ")
        .contains(" the C floor's (aim: at most 1.3x) ")
        .contains("over the C floor's namespace deletion")
        .doesNotContain("skipped");
    assertNothingLeftIn(tmp);
  }

  @Test
  void floorNoneLeavesTheFloorOut() throws IOException {
    KernelPrivilege.requireNamespaceAdmin();
    Result result =
        run("--n", "5", "--peers", "none", "--floor-n", "none", "--jit-warmup", "0",
            "--warmup", "1", "--tmp", tmp.toString());

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("no JIT warm-up")
        .doesNotContain("JIT warm-up:")
        .doesNotContain("floor (floor.c")
        .contains("the C floor (attach at most 1.3x it) was not measured: --floor-n none");
    assertNothingLeftIn(tmp);
  }

  @Test
  void profilePrintsTheKernelPortCallsOfAttachAndRemove() throws IOException {
    KernelPrivilege.requireNamespaceAdmin();
    Result result =
        run("--n", "5", "--peers", "none", "--floor-n", "none", "--jit-warmup", "0",
            "--warmup", "1", "--profile", "--tmp", tmp.toString());

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("profile of netmodel attach")
        .contains("host links.add(Veth)")
        .contains("namespaces.create")
        .contains("profile of netmodel remove")
        .contains("namespaces.delete")
        .contains("outside the port")
        .doesNotContain("peer ip");
    assertNothingLeftIn(tmp);
  }

  @Test
  void refusesBadArgumentsWithUsageAndStatusTwo() {
    Result result = run("--n", "1024");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err())
        .contains("--n out of range 1..1023 (a bridge takes at most 1023 ports): 1024")
        .contains("Usage: netmodel bench");
  }

  private static void assertNothingLeftIn(Path dir) throws IOException {
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("throwaway directories left in " + dir).isEmpty();
    }
    try (Stream<String> mounts = Files.lines(Path.of("/proc/self/mountinfo"))) {
      assertThat(mounts.filter(line -> line.contains(dir.toString()))).isEmpty();
    }
  }

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Bench.run(args, o, e);
    }
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Result(int status, String out, String err) {}
}
