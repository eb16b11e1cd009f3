package io.netmodel.api.mode;

/** None mode: a namespace of the sandbox's own holding only {@code lo} (127.0.0.1/8, ::1). */
public record None() implements NetworkMode {
  /** The one instance. */
  public static final None INSTANCE = new None();

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.none(this);
  }

  @Override
  public String toString() {
    return "none";
  }
}
