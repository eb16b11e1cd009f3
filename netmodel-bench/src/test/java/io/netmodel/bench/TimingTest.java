package io.netmodel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimingTest {
  private static final long MS = 1_000_000L;

  /** Samples 1, 2, ..., n milliseconds, in that order. */
  private static Timing rising(int n) {
    List<Long> samples = new ArrayList<>();
    long total = 0;
    for (int i = 1; i <= n; i++) {
      samples.add(i * MS);
      total += i * MS;
    }
    return Timing.of(samples, total);
  }

  @ParameterizedTest(name = "n={0}")
  @CsvSource({
    // n, median, p95, first tenth mean, last tenth mean
    "1,   1,   1,   1,    1",
    "10,  5,   10,  1,    10",
    "20,  10,  19,  1.5,  19.5",
    "100, 50,  95,  5.5,  95.5",
  })
  void computesNearestRankPercentilesAndTenths(
      int n, double median, double p95, double first, double last) {
    Timing t = rising(n);

    assertThat(t.medianMillis().getAsDouble()).isEqualTo(median);
    assertThat(t.p95Millis().getAsDouble()).isEqualTo(p95);
    assertThat(t.firstTenthMillis().getAsDouble()).isEqualTo(first);
    assertThat(t.lastTenthMillis().getAsDouble()).isEqualTo(last);
    assertThat(t.growth().getAsDouble()).isCloseTo(last / first, within(1e-9));
  }

  @Test
  void meanIsTheWallTimePerOperation() {
    Timing t = Timing.of(List.of(MS, MS), 6 * MS);

    assertThat(t.meanMillis()).isEqualTo(3.0);
    assertThat(t.totalMillis()).isEqualTo(6.0);
  }

  @Test
  void aBatchHasOnlyItsMean() {
    Timing t = Timing.ofTotal(4, 10 * MS);

    assertThat(t.meanMillis()).isEqualTo(2.5);
    assertThat(t.medianMillis()).isEmpty();
    assertThat(t.p95Millis()).isEmpty();
    assertThat(t.growth()).isEmpty();
  }

  @Test
  void refusesSamplesThatAreNotOnePerOperation() {
    assertThatThrownBy(() -> new Timing(3, MS, List.of(MS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samples must be one per operation: 1 samples for 3");
  }

  @Test
  void refusesAnEmptyTiming() {
    assertThatThrownBy(() -> Timing.ofTotal(0, MS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a timing needs at least one operation: 0");
  }
}
