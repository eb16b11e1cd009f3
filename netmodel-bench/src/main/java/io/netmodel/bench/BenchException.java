package io.netmodel.bench;

/** A step of the benchmark failed (a command, a namespace, the throwaway directory). */
final class BenchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BenchException(String message) {
    super(message);
  }

  BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
