/**
 * The JUnit 5 side of the testkit: {@link io.netmodel.testkit.junit.FakeNetworkingExtension}
 * and its {@link io.netmodel.testkit.junit.FakeNet} annotation, which give each test a fresh
 * fake {@link io.netmodel.api.Networking} and close it afterwards. Nothing here returns null.
 */
package io.netmodel.testkit.junit;
