package io.netmodel.examples.tour;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether this process may make namespaces: its effective capabilities, from {@code
 * /proc/self/status}. Root has them; so does a process started as root of a user namespace.
 */
final class Privileges {
  // linux/capability.h
  static final int CAP_NET_ADMIN = 12;
  static final int CAP_SYS_ADMIN = 21;

  private static final Path STATUS = Path.of("/proc/self/status");

  private Privileges() {}

  /** True when the process has both CAP_NET_ADMIN and CAP_SYS_ADMIN in its effective set. */
  static boolean canMakeNamespaces() {
    List<String> lines;
    try {
      lines = Files.readAllLines(STATUS);
    } catch (IOException e) {
      return false;
    }
    return hasNamespaceCapabilities(lines);
  }

  /** Reads the {@code CapEff:} line of a {@code /proc/PID/status} text. */
  static boolean hasNamespaceCapabilities(List<String> statusLines) {
    for (String line : statusLines) {
      if (line.startsWith("CapEff:")) {
        BigInteger effective = new BigInteger(line.substring("CapEff:".length()).strip(), 16);
        return effective.testBit(CAP_NET_ADMIN) && effective.testBit(CAP_SYS_ADMIN);
      }
    }
    return false;
  }
}
