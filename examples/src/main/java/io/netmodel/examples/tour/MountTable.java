package io.netmodel.examples.tour;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The mount points of this process's mount namespace, from {@code /proc/self/mountinfo}. */
final class MountTable {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountTable() {}

  /** Every mount point, unescaped; empty when the table cannot be read. */
  static Set<String> mountPoints() {
    try {
      return parse(Files.readAllLines(MOUNTINFO));
    } catch (IOException e) {
      return Set.of();
    }
  }

  /** The fifth field of each mountinfo line (proc(5)), its octal escapes undone. */
  static Set<String> parse(List<String> lines) {
    Set<String> points = new LinkedHashSet<>();
    for (String line : lines) {
      String[] fields = line.split(" ");
      if (fields.length > 4) {
        points.add(unescape(fields[4]));
      }
    }
    return points;
  }

  /** mountinfo writes space, tab, newline and backslash as {@code \ooo}. */
  static String unescape(String field) {
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String text, int from) {
    for (int i = from; i < from + 3; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
