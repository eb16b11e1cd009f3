package io.netmodel.bench.micro;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule of {@code io.netmodel.bench.Privilege} (package-private there) for this package's
 * tests on the real kernel: without CAP_SYS_ADMIN and CAP_NET_ADMIN the test is skipped with
 * the reason, except in CI ({@code CI=true}), where it fails.
 */
final class Privilege {
  // linux/capability.h: capability numbers.
  private static final int CAP_NET_ADMIN = 12;
  private static final int CAP_SYS_ADMIN = 21;

  private Privilege() {}

  /** Needs CAP_SYS_ADMIN and CAP_NET_ADMIN (setns, unshare, mount, rtnetlink changes). */
  static void requireNamespaceAdmin() {
    BigInteger effective = effectiveCapabilities();
    boolean admin = effective.testBit(CAP_SYS_ADMIN) && effective.testBit(CAP_NET_ADMIN);
    if (admin) {
      return;
    }
    String reason =
        "needs CAP_SYS_ADMIN and CAP_NET_ADMIN (run as root); CapEff=" + effective.toString(16);
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("CI=true, so this cannot be skipped: " + reason);
    }
    Assumptions.assumeTrue(false, reason);
  }

  private static BigInteger effectiveCapabilities() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          return new BigInteger(line.substring("CapEff:".length()).trim(), 16);
        }
      }
      return BigInteger.ZERO;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
