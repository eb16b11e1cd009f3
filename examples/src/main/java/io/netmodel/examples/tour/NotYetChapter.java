package io.netmodel.examples.tour;

import java.util.Objects;

/**
 * A mode of the document that this version of netmodel cannot make yet: one line, no claim.
 * It is replaced by a real chapter when the mode lands.
 */
record NotYetChapter(String heading) implements Chapter {
  NotYetChapter {
    Objects.requireNonNull(heading, "heading");
  }

  @Override
  public void show(World world, Screen screen) {
    screen.notYet(heading);
  }
}
