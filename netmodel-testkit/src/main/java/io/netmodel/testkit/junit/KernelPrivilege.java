package io.netmodel.testkit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for tests that need the real kernel's privileges: without them a test is
 * skipped with the reason, except under {@code CI=true}, where it fails, so that a green CI
 * means the real kernel was tested.
 *
 * <pre>{@code
 * @BeforeEach
 * void needsRoot() {
 *   KernelPrivilege.requireNamespaceAdmin();
 * }
 * }</pre>
 */
public final class KernelPrivilege {
  // linux/capability.h: capability numbers.
  private static final int CAP_NET_ADMIN = 12;
  private static final int CAP_SYS_ADMIN = 21;

  private KernelPrivilege() {}

  /**
   * Needs CAP_SYS_ADMIN and CAP_NET_ADMIN in this process's effective set (setns, unshare,
   * mount, rtnetlink changes): root has both, and so has a process in {@code unshare --user
   * --map-root-user --net --mount}.
   */
  public static void requireNamespaceAdmin() {
    BigInteger effective = effectiveCapabilities();
    require(
        effective.testBit(CAP_SYS_ADMIN) && effective.testBit(CAP_NET_ADMIN),
        "needs CAP_SYS_ADMIN and CAP_NET_ADMIN (run as root, or in"
            + " unshare --user --map-root-user --net --mount); CapEff="
            + effective.toString(16));
  }

  /** Skips the test with {@code reason} unless {@code condition}; under CI=true, fails instead. */
  public static void require(boolean condition, String reason) {
    if (condition) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("CI=true, so this cannot be skipped: " + reason);
    }
    Assumptions.abort(reason);
  }

  private static BigInteger effectiveCapabilities() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          return new BigInteger(line.substring("CapEff:".length()).strip(), 16);
        }
      }
      return BigInteger.ZERO;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/status", e);
    }
  }
}
