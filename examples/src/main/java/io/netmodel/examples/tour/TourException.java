package io.netmodel.examples.tour;

/** An expected failure of the tour's own set-up, reported as one line without a stack trace. */
final class TourException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TourException(String message) {
    super(message);
  }

  TourException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The system's words from a failed process start, without Java's "Cannot run program" prefix. */
  static String reasonOf(java.io.IOException e) {
    String message = String.valueOf(e.getMessage());
    int at = message.indexOf("error=");
    if (at < 0) {
      return message;
    }
    int comma = message.indexOf(", ", at);
    return comma < 0 ? message.substring(at) : message.substring(comma + 2);
  }
}
