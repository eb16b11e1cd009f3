package io.netmodel.bench;

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

  /** Collects garbage, then reads the figures. */
  static Memory now() {
    System.gc();
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new Memory(status("VmHWM:"), status("VmRSS:"), heap, openFds());
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
