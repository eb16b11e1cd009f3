package io.netmodel.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a field or parameter of type {@link io.netmodel.api.Networking} or {@link
 * io.netmodel.testkit.kernel.FakeKernel} to be filled by {@link FakeNetworkingExtension}
 * with a fresh fake. The annotation registers the extension itself, so no {@code
 * @ExtendWith} is needed:
 *
 * <pre>{@code
 * class OrchestratorTest {
 *   @FakeNet Networking net;
 *   @FakeNet FakeKernel kernel;     // the kernel beneath net
 *
 *   @Test
 *   void startsQuietSandboxes() { ... }
 * }
 * }</pre>
 *
 * <p>A static field gets one fake for the whole class; an instance field or a test method's
 * parameter gets one per test method. See {@link FakeNetworkingExtension} for the lifecycle.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@ExtendWith(FakeNetworkingExtension.class)
public @interface FakeNet {}
