package io.netmodel.examples.tour;

/**
 * One section of the source document: a network mode shown live. A chapter prints its
 * heading, the document's Docker commands, the sandboxes it makes and what {@code ip addr}
 * shows inside them, then checks the document's claims. Sandboxes stay until the tour ends.
 */
interface Chapter {
  void show(World world, Screen screen) throws Exception;
}
