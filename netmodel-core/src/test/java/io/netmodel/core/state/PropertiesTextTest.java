package io.netmodel.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The state files' codec, held to {@link Properties} itself in both directions. */
class PropertiesTextTest {
  /** Characters that matter to the format, and some that need a unicode escape. */
  private static final String ALPHABET = "ab0 =:#!\\\t\n\r\f\u0000\u007f\u00e9\u20ac\ud83d\ude00.-/";

  @Test
  void writesOneSortedLinePerKeyWithoutAComment() {
    byte[] bytes = PropertiesText.encode(Map.of("mode", "none", "created", "2026-11-29T10:00:00Z"));

    assertThat(new String(bytes, StandardCharsets.US_ASCII))
        .isEqualTo("created=2026-11-29T10\\:00\\:00Z\nmode=none\n");
  }

  @Test
  void whatItWritesPropertiesReadsBackExactly() throws IOException {
    Random random = new Random(20261129);
    for (int round = 0; round < 2000; round++) {
      Map<String, String> values = randomMap(random);
      Properties read = new Properties();
      read.load(new ByteArrayInputStream(PropertiesText.encode(values)));
      assertThat(asMap(read)).as("round %d: %s", round, values).isEqualTo(values);
    }
  }

  @Test
  void whatPropertiesWritesItReadsBackExactly() throws IOException {
    Random random = new Random(11292026);
    for (int round = 0; round < 2000; round++) {
      Map<String, String> values = randomMap(random);
      Properties written = new Properties();
      written.putAll(values);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      written.store(out, round % 2 == 0 ? null : "a comment\nover two lines");
      assertThat(PropertiesText.decode(out.toByteArray()))
          .as("round %d: %s", round, values)
          .isEqualTo(values);
    }
  }

  @Test
  void readsTheWholeFormatAsPropertiesDoes() throws IOException {
    String text =
        "# comment\n"
            + "! another = comment\n"
            + "\n"
            + "   \t\n"
            + "plain=value\n"
            + "  spaced  =  value with trailing space \n"
            + "colon: v\n"
            + "whitespace separated value\n"
            + "bare\n"
            + "continued = first \\\n"
            + "     second\\\r\n"
            + "\tthird\n"
            + "even = ends with a backslash\\\\\n"
            + "next=line\r"
            + "cr=only\r\n"
            + "esc\\ aped\\=key\\:x = \\t\\u00e9\\q\n"
            + "# a comment is not continued \\\n"
            + "after=comment\n"
            + "dup=1\n"
            + "dup=2\n"
            + "=empty key\n"
            + "last=no newline at the end";
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    Properties expected = new Properties();
    expected.load(new ByteArrayInputStream(bytes));

    assertThat(PropertiesText.decode(bytes)).isEqualTo(asMap(expected));
    assertThat(PropertiesText.decode(bytes))
        .containsEntry("continued", "first secondthird")
        .containsEntry("even", "ends with a backslash\\")
        .containsEntry("whitespace", "separated value")
        .containsEntry("bare", "")
        .containsEntry("esc aped=key:x", "\t\u00e9q");
  }

  @Test
  void aMalformedUnicodeEscapeIsRefused() {
    byte[] bytes = "key=\\u12x4\n".getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> PropertiesText.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\\uxxxx");
  }

  private static Map<String, String> randomMap(Random random) {
    Map<String, String> values = new HashMap<>();
    int size = random.nextInt(6);
    for (int i = 0; i < size; i++) {
      values.put(randomText(random), randomText(random));
    }
    return values;
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(8);
    for (int i = 0; i < length; i++) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return text.toString();
  }

  private static Map<String, String> asMap(Properties properties) {
    Map<String, String> map = new TreeMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    return map;
  }
}
