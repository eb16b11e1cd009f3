package io.netmodel.api.mode;

/**
 * Host mode: the sandbox uses the host's own network namespace; it gets no interfaces or
 * addresses of its own. Docker warns that this is unsafe; a {@code Networking} may refuse it
 * by policy.
 */
public record Host() implements NetworkMode {
  /** The one instance. */
  public static final Host INSTANCE = new Host();

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.host(this);
  }

  @Override
  public String toString() {
    return "host";
  }
}
