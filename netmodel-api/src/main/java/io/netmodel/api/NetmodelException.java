package io.netmodel.api;

/**
 * The base of netmodel's environment failures: something outside the caller's input went
 * wrong (a name is taken, an object is missing, the kernel refused, the pool is empty).
 *
 * <p>Bad input is never reported with this type: it is refused before the kernel is touched
 * with an {@link IllegalArgumentException} that quotes the value and the rule it breaks.
 *
 * <p>Unchecked, so that it passes through {@code Callable}s and lambdas run inside namespaces.
 */
public abstract class NetmodelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected NetmodelException(String message) {
    super(message);
  }

  protected NetmodelException(String message, Throwable cause) {
    super(message, cause);
  }
}
