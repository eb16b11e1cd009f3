package io.netmodel.core.engine;

/**
 * What a {@link NetworkingEngine} allows. Host mode is allowed by default, as in Docker; an
 * embedding program that runs untrusted code can refuse it, since a sandbox in host mode
 * shares the host's interfaces and ports.
 *
 * @param allowHostMode whether sandboxes may use host mode
 */
public record Policy(boolean allowHostMode) {

  /** Docker's defaults: everything allowed. */
  public static Policy defaults() {
    return new Policy(true);
  }

  /** The same policy, with host mode allowed or refused. */
  public Policy withHostMode(boolean allowed) {
    return new Policy(allowed);
  }
}
