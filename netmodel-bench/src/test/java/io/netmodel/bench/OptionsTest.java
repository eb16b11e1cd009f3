package io.netmodel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptionsTest {
  @Test
  void defaultsToFiftyTwoHundredAndAThousandWithPeersAtTheFirstTwo() {
    Options o = Options.parse();

    assertThat(o.sizes()).containsExactly(50, 200, 1000);
    assertThat(o.peerSizes()).containsExactly(50, 200);
    assertThat(o.floorSizes()).containsExactly(50, 200, 1000);
    assertThat(o.peers()).containsExactly("ip", "ip-batch", "cni");
    assertThat(o.jitWarmup()).isEqualTo(40_000);
    assertThat(o.warmup()).isEqualTo(4000);
    assertThat(o.profile()).isFalse();
    assertThat(o.tmp()).isEmpty();
  }

  @Test
  void readsEveryOption() {
    Options o =
        Options.parse(
            "--n", "5,20", "--peer-n", "5", "--floor-n", "20", "--peers", "cni,ip",
            "--jit-warmup", "300", "--warmup", "0", "--profile", "--tmp", "/dev/shm");

    assertThat(o)
        .isEqualTo(
            new Options(
                List.of(5, 20),
                List.of(5),
                List.of(20),
                List.of("cni", "ip"),
                300,
                0,
                true,
                Optional.of(Path.of("/dev/shm")),
                false));
  }

  @Test
  void peersAtTheDefaultPeerSizesThisRunHas() {
    assertThat(Options.parse("--n", "200,1000").peerSizes()).containsExactly(200);
    assertThat(Options.parse("--n", "1000").peerSizes()).isEmpty();
  }

  @Test
  void floorRunsAtEverySizeUnlessToldOtherwise() {
    assertThat(Options.parse("--n", "5,20").floorSizes()).containsExactly(5, 20);
    assertThat(Options.parse("--n", "5,20", "--floor-n", "none").floorSizes()).isEmpty();
  }

  @Test
  void peersNoneMeansNoPeer() {
    assertThat(Options.parse("--peers", "none").peers()).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--n      | 0          | --n out of range 1..1023 (a bridge takes at most 1023 ports): 0",
        "--n      | 1024       | --n out of range 1..1023 (a bridge takes at most 1023 ports): 1024",
        "--n      | 5,x        | --n must be a whole number: x",
        "--n      | 5,,20      | '--n must be a whole number: '",
        "--peers  | ip,docker  | --peers must be among ip,ip-batch,cni or none: docker",
        "--jit-warmup | -1     | --jit-warmup out of range 0..100000: -1",
        "--jit-warmup | 100001 | --jit-warmup out of range 0..100000: 100001",
        "--jit-warmup | x      | --jit-warmup must be a whole number: x",
        "--warmup | -1         | --warmup out of range 0..100000: -1",
        "--warmup | 100001     | --warmup out of range 0..100000: 100001",
        "--floor-n | 5,y      | --floor-n must be a whole number: y",
        "--bogus  | 1          | unknown argument: --bogus",
      })
  void refusesBadValuesQuotingThemAndTheRule(String option, String value, String message) {
    assertThatThrownBy(() -> Options.parse(option, value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void refusesPeerSizesOutsideTheSizes() {
    assertThatThrownBy(() -> Options.parse("--n", "50,200", "--peer-n", "300"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--peer-n must be among --n 50,200: 300");
  }

  @Test
  void refusesFloorSizesOutsideTheSizes() {
    assertThatThrownBy(() -> Options.parse("--n", "50,200", "--floor-n", "50,1000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--floor-n must be among --n 50,200: 1000");
  }

  @Test
  void refusesAnOptionWithoutItsValue() {
    assertThatThrownBy(() -> Options.parse("--n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--n needs a value");
  }
}
