package io.netmodel.examples.cli;

import java.util.List;

/** Prints rows as left-aligned columns, three spaces apart, as {@code docker ps} does. */
final class Table {
  private Table() {}

  static void print(List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 3));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    System.out.print(out);
  }
}
