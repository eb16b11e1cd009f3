package io.netmodel.core.state;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The text of a state file: {@link java.util.Properties}' file format, written and read in one
 * pass over a byte array.
 *
 * <p>{@link Properties#store} and {@link Properties#load} are correct but costly for files of a
 * few hundred bytes written on every attach: each call allocates a buffered writer, an encoder and
 * a line reader of 8 KiB or more, and {@code store} formats the date for its comment line. This
 * class writes what {@code Properties.load} reads back exactly (printable ASCII only: every other
 * character as {@code \}{@code uXXXX}, the separators and the escape character escaped, a value's
 * leading space escaped, keys sorted, no comment) and reads the whole format as {@code
 * Properties.load} documents it (comment and blank lines, {@code =}, {@code :} or white space
 * between key and value, lines continued by an odd number of trailing backslashes, the escapes
 * {@code \t \n \f \r \}{@code uXXXX}), so files written by earlier versions through {@code
 * Properties.store} read the same.
 */
final class PropertiesText {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PropertiesText() {}

  /** The file's bytes for {@code values}: one {@code key=value} line each, sorted by key. */
  static byte[] encode(Map<String, String> values) {
    StringBuilder out = new StringBuilder(64 + 48 * values.size());
    // Sorted by key: as given when the map is sorted so already, else sorted here.
    Map<String, String> sorted =
        values instanceof SortedMap && ((SortedMap<String, String>) values).comparator() == null
            ? values
            : new TreeMap<>(values);
    for (Map.Entry<String, String> entry : sorted.entrySet()) {
      escape(entry.getKey(), true, out);
      out.append('=');
      escape(entry.getValue(), false, out);
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void escape(String text, boolean key, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\', '=', ':', '#', '!' -> out.append('\\').append(c);
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\f' -> out.append("\\f");
        case ' ' -> {
          if (key || i == 0) {
            out.append('\\');
          }
          out.append(' ');
        }
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  /**
   * The key-value pairs of a file's bytes (ISO 8859-1, as {@code Properties.load(InputStream)}
   * reads them); a later line wins over an earlier one with the same key.
   *
   * @throws IllegalArgumentException for a malformed {@code \}{@code uXXXX} escape
   */
  static Map<String, String> decode(byte[] bytes) {
    Map<String, String> values = new TreeMap<>();
    Reader reader = new Reader(bytes);
    StringBuilder key = new StringBuilder();
    StringBuilder value = new StringBuilder();
    while (reader.nextLogicalLine()) {
      key.setLength(0);
      value.setLength(0);
      reader.readKey(key);
      reader.skipSeparator();
      reader.readValue(value);
      values.put(key.toString(), value.toString());
    }
    return values;
  }

  /**
   * Walks the bytes one logical line at a time; within a line, hands out its characters with
   * continuations joined (the backslash, the line end and the next line's leading white space
   * dropped) and escapes still in place for the key and value readers.
   */
  private static final class Reader {
    private final byte[] bytes;
    private int pos;
    private boolean inLine;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    /** Moves to the first character of the next line that is neither blank nor a comment. */
    boolean nextLogicalLine() {
      inLine = false;
      while (pos < bytes.length) {
        skipWhitespace();
        if (pos >= bytes.length) {
          return false;
        }
        char c = at(pos);
        if (c == '\n' || c == '\r') {
          pos++;
          continue;
        }
        if (c == '#' || c == '!') {
          while (pos < bytes.length && at(pos) != '\n' && at(pos) != '\r') {
            pos++;
          }
          continue;
        }
        inLine = true;
        return true;
      }
      return false;
    }

    void readKey(StringBuilder key) {
      while (true) {
        int c = peek();
        if (c < 0 || c == '=' || c == ':' || isWhitespace(c)) {
          return;
        }
        next();
        if (c == '\\') {
          unescape(key);
        } else {
          key.append((char) c);
        }
      }
    }

    /** White space, then at most one {@code =} or {@code :}, then white space. */
    void skipSeparator() {
      skipInLineWhitespace();
      int c = peek();
      if (c == '=' || c == ':') {
        next();
        skipInLineWhitespace();
      }
    }

    void readValue(StringBuilder value) {
      while (true) {
        int c = next();
        if (c < 0) {
          return;
        }
        if (c == '\\') {
          unescape(value);
        } else {
          value.append((char) c);
        }
      }
    }

    /**
     * After a backslash that is not a line continuation: the escaped character, taken as it
     * stands (the second backslash of a pair at a line's end escapes, it does not continue).
     */
    private void unescape(StringBuilder out) {
      int c = pos < bytes.length && !isLineEnd(pos) ? at(pos++) : -1;
      switch (c) {
        case -1 -> {} // a lone backslash at the end of the file stands for nothing
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 'f' -> out.append('\f');
        case 'u' -> {
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int digit = Character.digit(next(), 16);
            if (digit < 0) {
              throw new IllegalArgumentException("malformed \\uxxxx escape in a state file");
            }
            code = code * 16 + digit;
          }
          out.append((char) code);
        }
        default -> out.append((char) c);
      }
    }

    private void skipInLineWhitespace() {
      while (isWhitespace(peek())) {
        next();
      }
    }

    /** The next character of the logical line without taking it; -1 at its end. */
    private int peek() {
      int saved = pos;
      boolean savedInLine = inLine;
      int c = next();
      pos = saved;
      inLine = savedInLine;
      return c;
    }

    /**
     * The next character of the logical line, -1 at its end. A backslash is returned as such,
     * unless it ends a natural line: then the line continues with the next one's first
     * character that is not white space.
     */
    private int next() {
      while (inLine && pos < bytes.length) {
        char c = at(pos);
        if (c == '\n' || c == '\r') {
          inLine = false;
          return -1;
        }
        if (c == '\\' && pos + 1 < bytes.length && isLineEnd(pos + 1)) {
          pos = afterLineEnd(pos + 1);
          skipWhitespace();
          continue;
        }
        if (c == '\\' && pos + 1 >= bytes.length) {
          pos++;
          inLine = false;
          return -1; // a backslash ending the file continues into nothing
        }
        pos++;
        return c;
      }
      inLine = false;
      return -1;
    }

    private boolean isLineEnd(int i) {
      char c = at(i);
      return c == '\n' || c == '\r';
    }

    private int afterLineEnd(int i) {
      if (at(i) == '\r' && i + 1 < bytes.length && at(i + 1) == '\n') {
        return i + 2;
      }
      return i + 1;
    }

    private void skipWhitespace() {
      while (pos < bytes.length && isWhitespace(at(pos))) {
        pos++;
      }
    }

    private char at(int i) {
      return (char) (bytes[i] & 0xff);
    }

    private static boolean isWhitespace(int c) {
      return c == ' ' || c == '\t' || c == '\f';
    }
  }
}
