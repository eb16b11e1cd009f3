package io.netmodel.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MountTableTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/tmp/netmodel-tour-1/netns | /tmp/netmodel-tour-1/netns",
        "/tmp/with\\040space        | /tmp/with space",
        "/tmp/back\\134slash        | /tmp/back\\slash",
        "/tmp/tab\\011here          | '/tmp/tab\there'",
        "/tmp/not\\9escape          | /tmp/not\\9escape",
        "/tmp/short\\04             | /tmp/short\\04",
      })
  void unescapesMountinfoOctalEscapes(String field, String expected) {
    assertThat(MountTable.unescape(field)).isEqualTo(expected);
  }

  @Test
  void readsTheFifthFieldOfEachLineAsTheMountPoint() {
    List<String> lines =
        List.of(
            "21 26 0:20 / /proc rw,relatime - proc proc rw",
            "301 26 0:22 /tmp/netmodel-tour-7/netns /tmp/netmodel-tour-7/netns rw shared:1"
                + " - tmpfs tmpfs rw",
            "302 301 0:4 net:[4026532176] /tmp/netmodel-tour-7/netns/tour-host rw shared:1"
                + " - nsfs nsfs rw");

    assertThat(MountTable.parse(lines))
        .containsExactly(
            "/proc", "/tmp/netmodel-tour-7/netns", "/tmp/netmodel-tour-7/netns/tour-host");
  }
}
