package io.netmodel.examples.cli;

import io.netmodel.bench.Bench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code netmodel bench [options]}: the benchmarks of BENCHMARKS.md, the same as {@code java
 * -jar netmodel-bench.jar}. Every argument, {@code --help} included, goes to the benchmark,
 * which prints its own usage; its failures are netmodel's (125).
 */
@Command(
    name = "bench",
    description = {
      "The benchmarks (see BENCHMARKS.md).",
      "Bridge attach and removal at N sandboxes beside ip, ip -batch, the CNI bridge plugin and",
      "a C floor; `netmodel bench --help` lists the options."
    })
final class BenchCommand implements Callable<Integer> {
  @Unmatched List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() {
    int status = Bench.run(arguments.toArray(String[]::new), System.out, System.err);
    return status == 0 ? 0 : Main.EXIT_NETMODEL;
  }
}
