package io.netmodel.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScreenTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private Screen screen(boolean colour) {
    return new Screen(new PrintStream(bytes, true, StandardCharsets.UTF_8), colour);
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0} of {1} hold: all hold {2}")
  @CsvSource({"3, 3, true", "2, 3, false", "0, 1, false"})
  void countsClaimsAndSaysWhetherAllHold(int holding, int total, boolean allHold) {
    Screen screen = screen(false);
    for (int i = 0; i < total; i++) {
      screen.claims(List.of(Claim.of("claim " + i, i < holding, "seen " + i)));
    }
    screen.summary();

    assertThat(screen.allHold()).isEqualTo(allHold);
    assertThat(printed()).endsWith(total + " claims checked, " + holding + " hold\n");
  }

  @Test
  void noClaimsCheckedIsNotSuccess() {
    assertThat(screen(false).allHold()).isFalse();
  }

  @Test
  void marksClaimsAndAlignsTheirEvidence() {
    Screen screen = screen(false);
    screen.claims(
        List.of(
            Claim.of("none has only lo", true, "lo"),
            Claim.of("nothing is reachable from none", false, "connected")));

    assertThat(printed())
        .contains("  ✓ none has only lo                 lo\n")
        .contains("  ✗ nothing is reachable from none   connected\n");
  }

  @Test
  void paintsOnlyWhenAskedTo() {
    screen(false).heading("1. host mode");
    assertThat(printed()).doesNotContain("\u001b[");

    screen(true).heading("1. host mode");
    assertThat(printed()).contains("\u001b[1m\u001b[36m1. host mode\u001b[0m");
  }

  @Test
  void saysAnUnavailableModeInOneLineWithoutCountingIt() {
    Screen screen = screen(false);
    screen.notYet("4. bridge mode (桥接模式)");

    assertThat(printed()).isEqualTo("\n4. bridge mode (桥接模式)  not yet available in this version\n");
    assertThat(screen.allHold()).isFalse();
  }

  @Test
  void saysAModeTheKernelRefusesInOneLineWithTheReasonWithoutCountingIt() {
    Screen screen = screen(false);
    screen.unavailable("5a. ipvlan mode", "this kernel has no ipvlan driver");

    assertThat(printed())
        .isEqualTo("\n5a. ipvlan mode  refused here: this kernel has no ipvlan driver\n");
    assertThat(screen.allHold()).isFalse();
  }
}
