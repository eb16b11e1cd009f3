/**
 * The testkit's front door: {@link io.netmodel.testkit.FakeNetworking}, netmodel's entry
 * point over the fake kernel port. Nothing here returns null.
 */
package io.netmodel.testkit;
