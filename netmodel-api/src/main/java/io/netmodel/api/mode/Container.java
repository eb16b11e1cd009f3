package io.netmodel.api.mode;

import java.util.Objects;

/**
 * Container mode: the sandbox joins the namespace of another sandbox, named by name or id;
 * both see the same interfaces, addresses and ports, and reach each other over {@code lo}.
 */
public record Container(String ref) implements NetworkMode {

  public Container {
    Objects.requireNonNull(ref, "ref");
    if (ref.isEmpty()) {
      throw new IllegalArgumentException(
          "container mode needs a sandbox name or id after \"container:\": \"container:\"");
    }
    NetworkNames.check(ref, "container mode's sandbox");
  }

  /** Joins the sandbox named or identified by {@code ref}. */
  public static Container of(String ref) {
    return new Container(ref);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.container(this);
  }

  @Override
  public String toString() {
    return "container:" + ref;
  }
}
