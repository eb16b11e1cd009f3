package io.netmodel.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What this JVM holds at one moment: peak and current resident set ({@code VmHWM}, {@code
 * VmRSS} of {@code /proc/self/status}, in KiB), heap in use after a full collection (bytes),
 * and open file descriptors ({@code /proc/self/fd}).
 */
record Memory(long peakRssKib, long rssKib, long heapBytes, int fds) {

  /**
   * Collects garbage, then reads the figures. The collections do not shrink the heap: a heap
   * given back to the system here would make the attaches timed next fault fresh pages in (~14
   * µs a page on the benchmark's VM), which a long-running program whose heap has grown to its
   * work does not.
   */
  static Memory now() {
    keepHeapCommitted();
    System.gc();
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new Memory(status("VmHWM:"), status("VmRSS:"), heap, openFds());
  }

  /**
   * {@code MaxHeapFreeRatio=100} (a manageable HotSpot flag): a full collection leaves the heap
   * its size. Without HotSpot's diagnostic bean nothing changes.
   */
  private static void keepHeapCommitted() {
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .setVMOption("MaxHeapFreeRatio", "100");
    } catch (RuntimeException e) {
      // Not HotSpot, or the flag is not manageable here: the figures stand, only noisier.
    }
  }

  private static long status(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          // "VmHWM:	  123456 kB"
          return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
        }
      }
      throw new IllegalStateException("/proc/self/status has no " + field);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int openFds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      // The directory stream being listed holds one descriptor itself.
      return (int) fds.count() - 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
