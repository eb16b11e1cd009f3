package io.netmodel.examples.tour;

/**
 * How to run the tour.
 *
 * @param fake run on the testkit's fake kernel instead of the real one
 * @param keep leave the tour's namespaces and state for exploring, and print how to remove
 *     them
 */
public record TourOptions(boolean fake, boolean keep) {
  /** The real kernel, everything removed at the end. */
  public static TourOptions defaults() {
    return new TourOptions(false, false);
  }
}
