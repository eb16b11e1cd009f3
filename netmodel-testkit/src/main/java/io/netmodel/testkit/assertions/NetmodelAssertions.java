package io.netmodel.testkit.assertions;

import io.netmodel.api.Sandbox;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.core.kernel.Kernel;

/**
 * The entry point of netmodel's AssertJ assertions, over sandboxes and over the kernel state
 * of a namespace. They read through core's {@link Kernel} port only, so the same assertions
 * run on the testkit's fake and on the Linux port.
 *
 * <pre>{@code
 * import static io.netmodel.testkit.assertions.NetmodelAssertions.assertThat;
 * import static io.netmodel.testkit.assertions.NetmodelAssertions.assertThatNamespace;
 *
 * assertThat(sidecar).isInMode("container:web").sharesNamespaceWith(web);
 * assertThat(web).namespace(kernel).hasOnlyLinks("lo").hasNoRoutes();
 * try (NamespaceHandle ns = kernel.namespaces().open("lab")) {
 *   assertThatNamespace(kernel, ns).hasLinkUp("lo").hasAddress("lo", "127.0.0.1/8");
 * }
 * }</pre>
 *
 * <p>A failed assertion prints the whole observed state (every link, address and route, or
 * the whole sandbox), not only the mismatch. The methods are thread-safe; the assertion
 * objects they return are not.
 */
public final class NetmodelAssertions {
  private NetmodelAssertions() {}

  /**
   * Assertions over the state of namespace {@code ns} as {@code kernel} reports it now.
   *
   * @throws io.netmodel.api.KernelException if the kernel refuses to list the state
   */
  public static NamespaceAssert assertThatNamespace(Kernel kernel, NamespaceHandle ns) {
    return new NamespaceAssert(NamespaceState.of(kernel, ns));
  }

  /** Assertions over a state already read. */
  public static NamespaceAssert assertThat(NamespaceState state) {
    return new NamespaceAssert(state);
  }

  /** Assertions over a sandbox. */
  public static SandboxAssert assertThat(Sandbox sandbox) {
    return new SandboxAssert(sandbox);
  }
}
