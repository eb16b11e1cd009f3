package io.netmodel.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for tests that need the real kernel's privileges, as netmodel-linux's tests have
 * it: without them the test is skipped with the reason, except in CI ({@code CI=true}), where
 * it fails, so that a green CI means the benchmark ran on the real kernel.
 */
public final class Privilege {
  // linux/capability.h: capability numbers.
  private static final int CAP_NET_ADMIN = 12;
  private static final int CAP_SYS_ADMIN = 21;

  private Privilege() {}

  /** Needs CAP_SYS_ADMIN and CAP_NET_ADMIN (setns, unshare, mount, rtnetlink changes). */
  public static void requireNamespaceAdmin() {
    BigInteger effective = effectiveCapabilities();
    require(
        effective.testBit(CAP_SYS_ADMIN) && effective.testBit(CAP_NET_ADMIN),
        "needs CAP_SYS_ADMIN and CAP_NET_ADMIN (run as root); CapEff=" + effective.toString(16));
  }

  /** Skips the test with {@code reason} unless {@code condition}; in CI, fails instead. */
  public static void require(boolean condition, String reason) {
    if (condition) {
      return;
    }
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
