/**
 * The contract suite: abstract JUnit 5 classes that specify the kernel port ({@link
 * io.netmodel.testkit.contract.KernelContract}) and the namespace modes of {@code Networking}
 * ({@link io.netmodel.testkit.contract.NetworkingContract}); every backend's tests extend them.
 */
package io.netmodel.testkit.contract;
