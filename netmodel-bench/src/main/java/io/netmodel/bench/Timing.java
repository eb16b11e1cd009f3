package io.netmodel.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The durations of {@code count} operations of one kind: the wall time of them all and, when
 * each was timed on its own, the samples in the order they ran. Figures are in milliseconds.
 *
 * <p>{@code growth} compares the mean of the last tenth of the samples with the mean of the
 * first tenth (a tenth is at least one sample): 1.0 means the cost per operation does not
 * change as the number of live objects grows.
 */
record Timing(int count, long totalNanos, List<Long> samples) {
  private static final double NANOS_PER_MILLI = 1_000_000.0;

  Timing {
    if (count < 1) {
      throw new IllegalArgumentException("a timing needs at least one operation: " + count);
    }
    if (totalNanos < 0) {
      throw new IllegalArgumentException("total time must not be negative: " + totalNanos);
    }
    samples = List.copyOf(samples);
    if (!samples.isEmpty() && samples.size() != count) {
      throw new IllegalArgumentException(
          "samples must be one per operation: " + samples.size() + " samples for " + count);
    }
  }

  /** Operations timed one by one; {@code totalNanos} is the wall time of the whole loop. */
  static Timing of(List<Long> samples, long totalNanos) {
    return new Timing(samples.size(), totalNanos, samples);
  }

  /** Operations timed only together (a batch): no distribution, only the mean. */
  static Timing ofTotal(int count, long totalNanos) {
    return new Timing(count, totalNanos, List.of());
  }

  double totalMillis() {
    return totalNanos / NANOS_PER_MILLI;
  }

  /** Wall time per operation. */
  double meanMillis() {
    return totalMillis() / count;
  }

  OptionalDouble medianMillis() {
    return percentileMillis(50);
  }

  OptionalDouble p95Millis() {
    return percentileMillis(95);
  }

  /** The nearest-rank percentile of the samples. */
  OptionalDouble percentileMillis(int percent) {
    if (percent < 1 || percent > 100) {
      throw new IllegalArgumentException("percentile out of range 1..100: " + percent);
    }
    if (samples.isEmpty()) {
      return OptionalDouble.empty();
    }
    List<Long> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return OptionalDouble.of(sorted.get(Math.max(rank, 1) - 1) / NANOS_PER_MILLI);
  }

  OptionalDouble firstTenthMillis() {
    return samples.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(mean(0, tenth()));
  }

  OptionalDouble lastTenthMillis() {
    int size = samples.size();
    return samples.isEmpty()
        ? OptionalDouble.empty()
        : OptionalDouble.of(mean(size - tenth(), size));
  }

  /** Last tenth's mean over the first tenth's. */
  OptionalDouble growth() {
    if (samples.isEmpty()) {
      return OptionalDouble.empty();
    }
    double first = firstTenthMillis().getAsDouble();
    return first == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of(lastTenthMillis().getAsDouble() / first);
  }

  private int tenth() {
    return Math.max(1, samples.size() / 10);
  }

  private double mean(int from, int to) {
    long sum = 0;
    for (int i = from; i < to; i++) {
      sum += samples.get(i);
    }
    return sum / NANOS_PER_MILLI / (to - from);
  }
}
