package io.netmodel.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code netmodel tour --fake}: every chapter on the testkit's fake kernel, without root,
 * its printed claims all holding. Runs {@link Tour#run} itself with stdout and stderr caught.
 */
class FakeTourTest {
  private static final Pattern SUMMARY =
      Pattern.compile("^(\\d+) claims checked, (\\d+) hold$", Pattern.MULTILINE);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream stdout;
  private PrintStream stderr;

  @BeforeEach
  void catchOutput() {
    stdout = System.out;
    stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreOutput() {
    System.setOut(stdout);
    System.setErr(stderr);
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String complained() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyClaimHoldsOnTheFakeKernel() {
    int status = Tour.run(new TourOptions(true, false));

    String text = printed();
    String why = text + "\n--- stderr:\n" + complained();
    assertThat(status).as(why).isEqualTo(Tour.EXIT_ALL_HOLD);
    Matcher summary = SUMMARY.matcher(text);
    assertThat(summary.find()).as(why).isTrue();
    assertThat(Integer.parseInt(summary.group(1))).as(why).isGreaterThanOrEqualTo(20);
    assertThat(summary.group(2)).as(why).isEqualTo(summary.group(1));
    assertThat(text).as(why).doesNotContain("✗");
    assertThat(complained()).as(why).isEmpty();
  }

  @Test
  void titleSaysTheKernelIsTheFake() {
    Tour.run(new TourOptions(true, false));

    assertThat(printed().lines().findFirst())
        .hasValueSatisfying(
            title ->
                assertThat(title)
                    .contains("on the testkit's fake kernel: nothing on this machine is touched"));
  }

  @Test
  void runsEveryChapterOfTheRealTourWithTheSameClaims() {
    Tour.run(new TourOptions(true, false));

    assertThat(printed())
        .contains("1. host mode", "2. container mode", "3. none mode", "4. bridge mode")
        .contains("✓ host sees the host's interfaces", "✓ con1 and con2 have the same IP")
        .contains("✓ con2 reaches con1 over lo")
        .contains("✓ nothing is reachable from none")
        .contains("✓ b1 reaches b2 over the bridge")
        .contains("✓ b1 reaches the outside through NAT: the outside sees the host's address")
        .contains("✓ a published port answers from outside (-p 8080:80)")
        .contains("✓ mv1's eth0 is a macvlan on the host's eth0, its own MAC")
        .contains("✓ mv1 reaches the outside directly, as itself: no NAT")
        .contains("✓ the host cannot reach mv1 through eth0 (macvlan's rule)")
        // The fake declares a typical kernel's drivers, so ipvlan runs whatever this machine has.
        .contains("✓ iv1's eth0 is an ipvlan sharing the host eth0's MAC")
        .contains("6. overlay mode");
  }

  @Test
  void showsIpAddrAsIproute2LaysItOut() {
    Tour.run(new TourOptions(true, false));

    assertThat(printed())
        .containsPattern("\\n +1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN")
        .containsPattern("\\n +link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00")
        .containsPattern("\\n +inet 127\\.0\\.0\\.1/8 scope host lo")
        .containsPattern("\\n +inet 192\\.168\\.77\\.123/24 scope global eth0")
        .containsPattern(
            "\\n +\\d+: eth0@if\\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP")
        .containsPattern("\\n +link/ether ([0-9a-f]{2}:){5}[0-9a-f]{2} brd ff:ff:ff:ff:ff:ff")
        .containsPattern("\\n +default via 172\\.17\\.0\\.1 dev eth0")
        .containsPattern(
            "\\n +172\\.17\\.0\\.0/16 dev eth0 proto kernel scope link src 172\\.17\\.0\\.\\d+");
  }

  @Test
  void keepSaysNothingCanBeKept() {
    int status = Tour.run(new TourOptions(true, true));

    assertThat(status).isEqualTo(Tour.EXIT_ALL_HOLD);
    assertThat(printed()).contains("--keep: nothing can be kept, the fake kernel lives in");
  }
}
