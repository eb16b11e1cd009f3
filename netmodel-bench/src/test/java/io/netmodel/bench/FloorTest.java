package io.netmodel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FloorTest {
  /** What floor.c prints for two sandboxes. */
  private static final String TWO =
      String.join(
          "\n",
          "floor n=2 warmup=1 bridge=br0 subnet=10.97.0.0/16",
          "attach 0 1000000",
          "attach 1 3000000",
          "detach 0 200000",
          "detach 1 400000",
          "wall attach 5000000",
          "wall detach 700000",
          "step namespace 2 800000 namespace: file, unshare, bind mount",
          "step veth 2 2400000 veth, eth0 inside, on bridge, up (1 msg)",
          "gone 12",
          "");

  @Test
  void readsSamplesWallTimesStepsAndTheVethsGone() {
    Floor.Result r = Floor.parse(2, TWO);

    assertThat(r.size()).isEqualTo(2);
    assertThat(r.attach().samples()).containsExactly(1_000_000L, 3_000_000L);
    assertThat(r.attach().meanMillis()).isEqualTo(2.5);
    assertThat(r.attach().growth().getAsDouble()).isEqualTo(3.0);
    assertThat(r.detach().samples()).containsExactly(200_000L, 400_000L);
    assertThat(r.detach().totalMillis()).isEqualTo(0.7);
    assertThat(r.steps())
        .containsExactly(
            new StepTimes.Step("namespace: file, unshare, bind mount", 2, 800_000),
            new StepTimes.Step("veth, eth0 inside, on bridge, up (1 msg)", 2, 2_400_000));
    assertThat(r.vethsGoneMillis()).isEqualTo(12);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "heading for another size | floor n=2 | floor n=3 | "
            + "the first line must be \"floor n=2 ...\": floor n=3 warmup=1 bridge=br0"
            + " subnet=10.97.0.0/16",
        "attach out of order      | attach 1 3000000 | attach 9 3000000 | "
            + "expected attach lines numbered from 0 in order: attach 9 3000000",
        "negative time            | detach 1 400000 | detach 1 -4 | "
            + "expected counts and times are not negative: detach 1 -4",
        "not a number             | wall attach 5000000 | wall attach 5ms | "
            + "not a whole number (5ms): wall attach 5ms",
        "unknown wall             | wall detach 700000 | wall remove 700000 | "
            + "expected wall attach or detach NANOS: wall remove 700000",
        "step twice               | step veth 2 | step namespace 2 | "
            + "expected each step once: step namespace 2 2400000 veth, eth0 inside, on bridge,"
            + " up (1 msg)",
        "unknown line             | gone 12 | left 12 | "
            + "expected a line starts with attach, detach, wall, step or gone: left 12",
        "missing sample           | detach 1 400000 | '' | "
            + "one attach and one detach line per sandbox: 2 attach and 1 detach lines for N = 2",
        "missing gone             | gone 12 | '' | "
            + "the output must end with wall attach, wall detach and gone lines: no gone",
      })
  void refusesOutputThatBreaksARuleQuotingTheLine(
      String what, String replaced, String by, String message) {
    String output = TWO.replace(replaced, by);

    assertThatThrownBy(() -> Floor.parse(2, output))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void refusesNoOutput() {
    assertThatThrownBy(() -> Floor.parse(5, "\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no output: the floor printed nothing");
  }

  @Test
  void findsItsSourceInTheModuleBesideTheCompiledClasses() {
    List<Path> candidates = Floor.candidates();

    assertThat(candidates.get(0))
        .endsWith(Path.of("netmodel-bench").resolve(Floor.SOURCE_IN_MODULE));
    assertThat(Floor.source()).hasValue(candidates.get(0));
    assertThat(Files.isRegularFile(candidates.get(0))).isTrue();
  }
}
