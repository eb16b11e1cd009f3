package io.netmodel.api;

/**
 * The request conflicts with what exists: a name already taken, a subnet that overlaps
 * another network's, a network that still has endpoints, a host port already published.
 */
public class ConflictException extends NetmodelException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }

  /** A conflict the kernel reported: {@code cause} is its refusal (EADDRINUSE, say). */
  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
