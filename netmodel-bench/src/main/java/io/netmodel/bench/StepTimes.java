package io.netmodel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time spent in each kind of kernel-port call, accumulated by {@link TimingKernel}: calls and
 * nanoseconds per step, steps in the order they were first seen. Thread-safe (the library
 * may call the port from its own threads).
 */
final class StepTimes {
  /** One step's totals. */
  record Step(String name, long calls, long nanos) {}

  private final Map<String, long[]> steps = new LinkedHashMap<>();

  synchronized void add(String step, long nanos) {
    long[] totals = steps.computeIfAbsent(step, s -> new long[2]);
    totals[0]++;
    totals[1] += nanos;
  }

  /** The steps so far, and forgets them. */
  synchronized List<Step> drain() {
    List<Step> result = new ArrayList<>();
    steps.forEach((name, totals) -> result.add(new Step(name, totals[0], totals[1])));
    steps.clear();
    return result;
  }
}
