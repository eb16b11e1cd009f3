package io.netmodel.api;

/**
 * The request is refused by the {@code Networking}'s policy, for example host mode where
 * the embedding program has disallowed it.
 */
public class PolicyException extends NetmodelException {
  private static final long serialVersionUID = 1L;

  public PolicyException(String message) {
    super(message);
  }
}
