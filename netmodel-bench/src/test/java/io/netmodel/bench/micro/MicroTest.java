package io.netmodel.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.testkit.junit.KernelPrivilege;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command on the real kernel: every benchmark once, with the tiniest settings, in this JVM.
 * Checks that each produced a result and that nothing was left behind; no timing is checked.
 */
class MicroTest {
  private static final List<String> BENCHMARKS =
      List.of(
          "LinkDump.listLinks",
          "MessageCodec.decodeNewLink",
          "MessageCodec.encodeVethWithPeer",
          "NamespaceRoundTrip.handleCall",
          "NamespaceRoundTrip.handleCallAfterIdle",
          "NamespaceRoundTrip.plainThreadHandoff",
          "NamespaceRoundTrip.rawSetnsPair",
          "NetlinkRoundTrip.getLinkByIndex",
          "NetlinkRoundTrip.setLinkNoChange");

  private static final String[] TINIEST = {
    "--warmup-iterations", "1", "--warmup-time", "100ms", "--iterations", "1", "--time", "100ms",
    "--forks", "0"
  };

  private List<String> before;

  @BeforeEach
  void remember() {
    before = Leftovers.now();
  }

  @Test
  void runsEveryBenchmarkOnceAndSummarizesThemWithTheRoundTripAim() {
    KernelPrivilege.requireNamespaceAdmin();

    Result result = run(TINIEST);

    assertThat(result.status()).as(result.err() + result.out()).isZero();
    String summary = result.out().substring(result.out().indexOf("summary ("));
    for (String benchmark : BENCHMARKS) {
      assertThat(summary).containsPattern("  " + benchmark.replace(".", "\\.") + " +[0-9.]+ ");
    }
    assertThat(summary)
        .contains("namespace task round trip: handle.call")
        .contains("for scale, a plain thread hand-over and back");
    assertThat(result.out()).contains("load average");
    assertThat(Leftovers.now()).isEqualTo(before);
  }

  @Test
  void runsOnlyTheIncludedBenchmarks() {
    KernelPrivilege.requireNamespaceAdmin();
    String[] args = concat(TINIEST, "--include", "MessageCodec.encode");

    Result result = run(args);

    assertThat(result.status()).as(result.err()).isZero();
    String summary = result.out().substring(result.out().indexOf("summary ("));
    assertThat(summary).contains("MessageCodec.encodeVethWithPeer").doesNotContain("LinkDump");
    assertThat(summary).doesNotContain("namespace task round trip");
  }

  @Test
  void listsTheBenchmarksWithoutRunningThem() {
    Result result = run("--list");

    assertThat(result.status()).isZero();
    for (String benchmark : BENCHMARKS) {
      assertThat(result.out()).contains("io.netmodel.bench.micro." + benchmark);
    }
    assertThat(result.out()).doesNotContain("summary");
  }

  @Test
  void failsWhenNoBenchmarkMatches() {
    Result result = run(concat(TINIEST, "--include", "NoSuchBenchmark"));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("netmodel-micro: ");
  }

  @Test
  void refusesBadArgumentsWithUsageAndStatusTwo() {
    Result result = run("--forks", "-1");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err())
        .contains("netmodel-micro: --forks out of range 0..100: -1")
        .contains("usage: java -cp netmodel-bench.jar io.netmodel.bench.micro.Micro");
  }

  @Test
  void printsTheUsageOnHelp() {
    Result result = run("--help");

    assertThat(result.status()).isZero();
    assertThat(result.out()).startsWith("usage: ");
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = new String[first.length + more.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Micro.run(args, o, e);
    }
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Result(int status, String out, String err) {}
}
