package io.netmodel.bench;

import java.util.Optional;

/**
 * What a peer did at one size: its attaches and detaches and, where the peer's attach is
 * several programs, the share of one of them ({@code part}, for example the CNI bridge
 * plugin's ADD alone).
 */
record PeerRun(
    String key,
    String label,
    int size,
    Timing attach,
    Timing detach,
    Optional<Part> part,
    long vethsGoneMillis) {

  /** One program of a multi-program attach, timed on its own. */
  record Part(String label, Timing attach, Timing detach) {}
}
