package io.netmodel.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for tests of the command on the real kernel: without the privilege to make
 * namespaces they are skipped with the reason, except under {@code CI=true}, where they fail,
 * so that a green CI means the real kernel was tested. (The same rule as netmodel-linux's
 * test helper, which is not visible from this module.)
 */
final class KernelPrivilege {
  // linux/capability.h: capability numbers.
  private static final int CAP_NET_ADMIN = 12;
  private static final int CAP_SYS_ADMIN = 21;

  private KernelPrivilege() {}

  /** Needs CAP_SYS_ADMIN and CAP_NET_ADMIN in this process's effective set (root has both). */
  static void requireNamespaceAdmin() {
    BigInteger effective = effectiveCapabilities();
    boolean ok = effective.testBit(CAP_SYS_ADMIN) && effective.testBit(CAP_NET_ADMIN);
    String reason =
        "the netmodel command needs CAP_SYS_ADMIN and CAP_NET_ADMIN (run as root); CapEff="
            + effective.toString(16);
    if (!ok && "true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("CI=true, so this cannot be skipped: " + reason);
    }
    Assumptions.assumeTrue(ok, reason);
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
      throw new UncheckedIOException(e);
    }
  }
}
