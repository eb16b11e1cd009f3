package io.netmodel.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** Prints the benchmark's figures as they come, in fixed-width tables. */
final class Report {
  private static final int LABEL = 48;
  private static final String DASH = "-";

  private final PrintStream out;

  Report(PrintStream out) {
    this.out = out;
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  void blank() {
    out.println();
  }

  void heading(String text) {
    blank();
    line("== " + text + " ==");
  }

  /** The column heads of {@link #row}. */
  void columns() {
    line(
        pad("", LABEL)
            + String.format(
                Locale.ROOT,
                "%8s %8s %8s %8s %8s %7s %10s",
                "median",
                "p95",
                "mean",
                "1st 10%",
                "last 10%",
                "growth",
                "total"));
    line(pad("", LABEL) + "  (ms per sandbox; growth = last tenth / first tenth; total ms)");
  }

  void row(String label, Timing t) {
    line(
        pad(label, LABEL)
            + String.format(
                Locale.ROOT,
                "%8s %8s %8s %8s %8s %7s %10s",
                ms(t.medianMillis()),
                ms(t.p95Millis()),
                ms(t.meanMillis()),
                ms(t.firstTenthMillis()),
                ms(t.lastTenthMillis()),
                ratio(t.growth()),
                String.format(Locale.ROOT, "%.1f", t.totalMillis())));
  }

  void memory(int size, Memory before, Memory live) {
    line(
        String.format(
            Locale.ROOT,
            "memory: JVM peak RSS (VmHWM) %.1f MiB; with %d sandboxes live: RSS %.1f MiB,"
                + " heap after GC %.1f MiB, %d open fds",
            live.peakRssKib() / 1024.0,
            size,
            live.rssKib() / 1024.0,
            live.heapBytes() / 1048576.0,
            live.fds()));
    line(
        String.format(
            Locale.ROOT,
            "memory per live sandbox (with them live, less before the attaches): RSS %+.1f KiB,"
                + " heap %+.1f KiB, fds %+.2f",
            (live.rssKib() - before.rssKib()) / (double) size,
            (live.heapBytes() - before.heapBytes()) / 1024.0 / size,
            (live.fds() - before.fds()) / (double) size));
  }

  void profile(String phase, List<StepTimes.Step> steps, Timing whole) {
    steps(
        "profile of netmodel " + phase + " (kernel-port calls, System.nanoTime around each):",
        steps,
        whole,
        "all kernel-port calls",
        "outside the port (state files, IPAM, records)");
  }

  /**
   * A table of steps: calls per sandbox, microseconds per call, milliseconds per sandbox and
   * share of {@code whole}'s mean; then the steps' sum and the rest of the mean.
   */
  void steps(
      String title, List<StepTimes.Step> steps, Timing whole, String sumLabel, String restLabel) {
    int n = whole.count();
    line(title);
    line(
        pad("  step", LABEL)
            + String.format(
                Locale.ROOT, "%12s %10s %12s %7s", "calls/sbox", "us/call", "ms/sandbox", "share"));
    double mean = whole.meanMillis();
    double sum = 0;
    for (StepTimes.Step step : steps) {
      double perSandbox = step.nanos() / 1e6 / n;
      sum += perSandbox;
      line(
          pad("  " + step.name(), LABEL)
              + String.format(
                  Locale.ROOT,
                  "%12.2f %10.1f %12.3f %6.1f%%",
                  step.calls() / (double) n,
                  step.calls() == 0 ? 0.0 : step.nanos() / 1e3 / step.calls(),
                  perSandbox,
                  100 * perSandbox / mean));
    }
    line(
        pad("  " + sumLabel, LABEL)
            + String.format(
                Locale.ROOT, "%12s %10s %12.3f %6.1f%%", "", "", sum, 100 * sum / mean));
    line(
        pad("  " + restLabel, LABEL)
            + String.format(
                Locale.ROOT,
                "%12s %10s %12.3f %6.1f%%",
                "",
                "",
                mean - sum,
                100 * (mean - sum) / mean));
  }

  static String ms(OptionalDouble value) {
    return value.isPresent() ? ms(value.getAsDouble()) : DASH;
  }

  static String ms(double value) {
    return String.format(Locale.ROOT, value < 10 ? "%.3f" : "%.2f", value);
  }

  static String ratio(OptionalDouble value) {
    return value.isPresent() ? ratio(value.getAsDouble()) : DASH;
  }

  static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2fx", value);
  }

  static String pad(String text, int width) {
    if (text.length() >= width) {
      return text + " ";
    }
    return text + " ".repeat(width - text.length());
  }
}
