package io.netmodel.examples.tour;

import java.util.Objects;

/**
 * One claim of the source document, checked: what it says, whether it holds, and what was
 * seen (the evidence either way).
 */
record Claim(String statement, boolean holds, String evidence) {
  Claim {
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(evidence, "evidence");
    if (statement.isBlank()) {
      throw new IllegalArgumentException("claim statement must not be blank");
    }
  }

  static Claim of(String statement, boolean holds, String evidence) {
    return new Claim(statement, holds, evidence);
  }
}
