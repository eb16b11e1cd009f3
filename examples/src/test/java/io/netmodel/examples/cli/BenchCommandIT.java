package io.netmodel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.examples.cli.Netmodel.Outcome;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netmodel bench} runs the benchmark module's run from the packaged jar, at a size small
 * enough for a test; the figures themselves are BENCHMARKS.md's business, not a test's.
 */
class BenchCommandIT {
  @TempDir Path temp;
  private Netmodel netmodel;

  @BeforeEach
  void jar() {
    KernelPrivilege.requireNamespaceAdmin();
    netmodel = Netmodel.in(temp);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (netmodel != null) {
      netmodel.cleanUp();
    }
  }

  @Test
  void benchRunsAtASmallSizeAndLeavesNothing() throws Exception {
    Path tmp = Files.createDirectories(temp.resolve("bench"));

    Outcome bench = netmodel.run(
        "bench", "--n", "5", "--peers", "none", "--floor-n", "none", "--jit-warmup", "0",
        "--warmup", "5", "--tmp", tmp.toString());

    assertThat(bench.status()).as(bench.toString()).isZero();
    assertThat(bench.out()).as(bench.toString()).contains("N = 5").contains("attach");
    try (var left = Files.list(tmp)) {
      assertThat(left).as("the benchmark's throwaway directory is gone").isEmpty();
    }
  }

  @Test
  void badArgumentsAreNetmodelsFailureWithTheUsage() throws Exception {
    Outcome bench = netmodel.run("bench", "--n", "1024");

    assertThat(bench.status()).as(bench.toString()).isEqualTo(Main.EXIT_NETMODEL);
    assertThat(bench.err()).contains("--n out of range").contains("Usage: netmodel bench");
  }
}
