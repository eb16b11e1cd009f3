package io.netmodel.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MicroOptionsTest {
  @Test
  void defaultsAreThreeWarmupsAndFiveMeasurementsOfOneSecondInOneFork() {
    MicroOptions o = MicroOptions.parse();

    assertThat(o.warmupIterations()).isEqualTo(3);
    assertThat(o.warmupTime()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.iterations()).isEqualTo(5);
    assertThat(o.time()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.forks()).isEqualTo(1);
    assertThat(o.includes()).isEmpty();
    assertThat(o.list()).isFalse();
    assertThat(o.help()).isFalse();
  }

  @Test
  void readsEveryFlag() {
    MicroOptions o =
        MicroOptions.parse(
            "--warmup-iterations", "0", "--warmup-time", "100ms", "--iterations", "2",
            "--time", "2s", "--forks", "0", "--include", "NamespaceRoundTrip",
            "--include", "MessageCodec\\.decode", "--list", "--help");

    assertThat(o)
        .isEqualTo(
            new MicroOptions(
                0, Duration.ofMillis(100), 2, Duration.ofSeconds(2), 0,
                List.of("NamespaceRoundTrip", "MessageCodec\\.decode"), true, true));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1ms   | 1",
        "250ms | 250",
        "1s    | 1000",
        "600s  | 600000",
      })
  void readsDurationsInMillisecondsOrSeconds(String text, long millis) {
    assertThat(MicroOptions.duration("--time", text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--iterations 0          | --iterations out of range 1..1000: 0",
        "--warmup-iterations -1  | --warmup-iterations out of range 0..1000: -1",
        "--forks 101             | --forks out of range 0..100: 101",
        "--forks one             | --forks must be a whole number: one",
        "--time 2m               | --time must be a whole number of ms or s, as 100ms or 1s: 2m",
        "--time 1.5s             | --time must be a whole number of ms or s, as 100ms or 1s: 1.5s",
        "--warmup-time 0ms       | --warmup-time out of range 1ms..600s: 0ms",
        "--time 601s             | --time out of range 1ms..600s: 601000ms",
        "--include (             | --include must be a regular expression (Unclosed group): (",
        "--iterations            | --iterations needs a value",
        "--fork 1                | unknown argument: --fork",
      })
  void refusesBadArgumentsNamingTheRule(String line, String message) {
    assertThatThrownBy(() -> MicroOptions.parse(line.split(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
