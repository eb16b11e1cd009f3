/**
 * The fake kernel port: {@link io.netmodel.testkit.kernel.FakeKernel}, an in-memory {@link
 * io.netmodel.core.kernel.Kernel} with Linux's semantics and errors. Nothing here returns
 * null; absent results are {@link java.util.Optional}.
 */
package io.netmodel.testkit.kernel;
