package io.netmodel.api;

/** No address (or subnet) is left to allocate in a pool. */
public class AddressPoolExhaustedException extends NetmodelException {
  private static final long serialVersionUID = 1L;

  private final String pool;

  /**
   * @param pool the pool that is empty, as text (for example {@code "172.18.0.0/16"} or
   *     {@code "default local pools"})
   */
  public AddressPoolExhaustedException(String pool) {
    super("no free address left in " + pool);
    this.pool = pool;
  }

  /** The pool that is empty, as text. */
  public String pool() {
    return pool;
  }
}
