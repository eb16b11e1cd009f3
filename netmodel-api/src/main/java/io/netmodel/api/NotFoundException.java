package io.netmodel.api;

/**
 * A named object does not exist: a sandbox, a network, a namespace file, an interface.
 *
 * <pre>{@code sandbox not found: web}</pre>
 */
public class NotFoundException extends NetmodelException {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String name;

  /**
   * @param kind what was looked for, in words ({@code "sandbox"}, {@code "network"})
   * @param name the name or id that was not found
   */
  public NotFoundException(String kind, String name) {
    super(kind + " not found: " + name);
    this.kind = kind;
    this.name = name;
  }

  /** What was looked for, for example {@code "sandbox"}. */
  public String kind() {
    return kind;
  }

  /** The name or id that was not found. */
  public String name() {
    return name;
  }
}
