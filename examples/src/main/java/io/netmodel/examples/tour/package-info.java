/**
 * {@code netmodel tour}: the source document's walkthrough of Docker's network modes, run
 * live on the real kernel inside throwaway namespaces, with every claim of the document
 * checked. {@link io.netmodel.examples.tour.Tour} is the front door.
 */
package io.netmodel.examples.tour;
