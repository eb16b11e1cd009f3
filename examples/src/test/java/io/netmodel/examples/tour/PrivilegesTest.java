package io.netmodel.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrivilegesTest {
  @ParameterizedTest(name = "CapEff {0}: {1}")
  @CsvSource({
    "000001ffffffffff, true", // root, all capabilities
    "0000000000201000, true", // exactly CAP_NET_ADMIN (12) and CAP_SYS_ADMIN (21)
    "0000000000001000, false", // CAP_NET_ADMIN only
    "0000000000200000, false", // CAP_SYS_ADMIN only
    "0000000000000000, false", // an ordinary user
  })
  void needsBothNetAdminAndSysAdminInTheEffectiveSet(String capEff, boolean expected) {
    List<String> status =
        List.of(
            "Name:\tjava", "CapInh:\t0000000000000000", "CapPrm:\t" + capEff, "CapEff:\t" + capEff);

    assertThat(Privileges.hasNamespaceCapabilities(status)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"CapPrm:\t000001ffffffffff", "Name:\tjava"})
  void withoutAnEffectiveSetLineIsNotPrivileged(String onlyLine) {
    assertThat(Privileges.hasNamespaceCapabilities(List.of(onlyLine))).isFalse();
  }
}
