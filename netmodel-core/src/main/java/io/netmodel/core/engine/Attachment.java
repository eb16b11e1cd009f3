package io.netmodel.core.engine;

import java.util.Objects;

/**
 * What {@link NetworkDriver#attach} made: the endpoint, complete in the kernel, and what is left
 * to wait for before its traffic flows ({@link #awaitForwarding}), which the engine runs after it
 * has recorded the endpoint and before it hands the sandbox out: the kernel's deferred work
 * (Linux enables a bridge port in a worker of its own) then runs while the state is written.
 */
final class Attachment {
  private final EndpointRecord endpoint;
  private final Runnable forwarding;

  private Attachment(EndpointRecord endpoint, Runnable forwarding) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.forwarding = Objects.requireNonNull(forwarding, "forwarding");
  }

  /** An endpoint whose traffic flows as soon as it is made. */
  static Attachment ready(EndpointRecord endpoint) {
    return new Attachment(endpoint, () -> {});
  }

  /**
   * An endpoint whose traffic flows once {@code forwarding} has returned; {@code forwarding}
   * throws nothing (it logs what it could not wait for) and may be run once.
   */
  static Attachment awaiting(EndpointRecord endpoint, Runnable forwarding) {
    return new Attachment(endpoint, forwarding);
  }

  EndpointRecord endpoint() {
    return endpoint;
  }

  /** Returns once the endpoint's traffic flows, or once the driver has given up and logged it. */
  void awaitForwarding() {
    forwarding.run();
  }
}
