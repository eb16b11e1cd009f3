package io.netmodel.bench;

import io.netmodel.api.namespace.NamespaceHandle;
import java.util.Optional;

/**
 * Another way to do netmodel's attach and detach: the same N sandboxes on one bridge, each a
 * new named namespace with {@code lo} up, a veth whose peer is {@code eth0} inside, on the
 * bridge, an IPv4 address of a /16, {@code eth0} up and a default route via the bridge's
 * address; detach deletes the sandbox.
 */
interface Peer {
  /** The name on the command line ({@code --peers}). */
  String key();

  /** What it is, for the report. */
  String label();

  /** Why it cannot run here (a program missing), if it cannot. */
  Optional<String> missing();

  /**
   * Makes the bridge in {@code host} (not timed), attaches {@link #WARMUP} sandboxes and
   * detaches them (not timed), then attaches N and detaches N, timed.
   *
   * @param names the start of the namespace names, unique to this run
   */
  PeerRun run(NamespaceHandle host, int size, String names);

  /** Sandboxes attached and detached before the timed ones (binaries into the page cache). */
  int WARMUP = 3;

  /** The address of sandbox {@code i} in a /16 whose gateway is {@code .0.1}: from .0.2 on. */
  static String address(String subnetStart, int i) {
    int host = i + 2;
    return subnetStart + "." + (host >> 8) + "." + (host & 0xff);
  }
}
