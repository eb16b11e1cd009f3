/**
 * AssertJ assertions over netmodel's sandboxes and kernel state, entered through {@link
 * io.netmodel.testkit.assertions.NetmodelAssertions}; a failure prints the whole observed
 * state. Nothing here returns null.
 */
package io.netmodel.testkit.assertions;
