package io.netmodel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JitWarmupTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aRoundIsQuietWhenTheCompilerWorkedAtMostOnePercentOfIt() {
    assertThat(JitWarmup.quiet(0, SECOND)).isTrue();
    assertThat(JitWarmup.quiet(10, SECOND)).isTrue();
    assertThat(JitWarmup.quiet(11, SECOND)).isFalse();
    assertThat(JitWarmup.quiet(300, SECOND)).isFalse();
  }

  @Test
  void aRoundWhoseCompileTimeIsNotReportedIsNeverQuiet() {
    assertThat(JitWarmup.quiet(-1, SECOND)).isFalse();
  }

  @Test
  void compileTimeSinceAnUnknownStartIsUnknown() {
    assertThat(JitWarmup.since(-1)).isEqualTo(-1);
    long now = JitWarmup.compileMillis();
    if (now >= 0) {
      assertThat(JitWarmup.since(now)).isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void refusesAWarmupOfNoSandbox() {
    assertThatThrownBy(() -> JitWarmup.run(null, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the JIT warm-up needs at least one sandbox: 0");
  }
}
