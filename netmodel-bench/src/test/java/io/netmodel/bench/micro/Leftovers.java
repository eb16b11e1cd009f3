package io.netmodel.bench.micro;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What throwaway namespaces leave behind: their directories and their mounts. */
final class Leftovers {
  private static final String PREFIX = "netmodel-micro-";

  private Leftovers() {}

  /** The throwaway directories and the mount points under them, sorted. */
  static List<String> now() {
    try (Stream<Path> dirs = Files.list(Path.of("/dev/shm"));
        Stream<String> mounts = Files.lines(Path.of("/proc/self/mountinfo"))) {
      Stream<String> directories =
          dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX));
      Stream<String> mountPoints =
          mounts.map(line -> line.split(" ")[4]).filter(point -> point.contains("/" + PREFIX));
      return Stream.concat(directories, mountPoints).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
