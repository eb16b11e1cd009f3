package io.netmodel.testkit.junit;

import io.netmodel.api.Networking;
import io.netmodel.testkit.FakeNetworking;
import io.netmodel.testkit.kernel.FakeKernel;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit 5 extension that gives a test a fresh fake {@link Networking} over a fresh {@link
 * FakeKernel}, and closes both when the test is done, whether it passed or failed.
 *
 * <pre>{@code
 * @ExtendWith(FakeNetworkingExtension.class)
 * class OrchestratorTest {
 *   @Test
 *   void quietSandboxHasOnlyLoopback(Networking net, FakeKernel kernel) {
 *     Sandbox quiet = net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("quiet"));
 *     assertThat(quiet).namespace(kernel).hasOnlyLinks("lo");
 *   }
 * }
 * }</pre>
 *
 * <h2>What is injected</h2>
 *
 * <ul>
 *   <li>parameters of type {@link Networking} or {@link FakeKernel} of test, lifecycle and
 *       constructor methods, annotated with {@link FakeNet} or not;
 *   <li>fields annotated with {@link FakeNet} of type {@link Networking} or {@link
 *       FakeKernel}, in the test instance and, for {@code @Nested} tests, its enclosing
 *       instances.
 * </ul>
 *
 * <p>Within one scope every {@link Networking} is the same object, and every {@link
 * FakeKernel} is the kernel that {@link Networking} runs on, so a test can drive the one and
 * inspect the other. A {@link FakeNet} field or parameter of any other type, or a final
 * {@link FakeNet} field, is refused with an {@link ExtensionConfigurationException} or a
 * {@link ParameterResolutionException} that states the rule, then the type and the field or
 * parameter.
 *
 * <h2>Lifecycle</h2>
 *
 * <ul>
 *   <li><b>per test method</b>: instance fields (filled before the {@code @BeforeEach}
 *       methods run, also under {@code @TestInstance(PER_CLASS)}) and the parameters of
 *       {@code @Test}, {@code @BeforeEach} and {@code @AfterEach} methods get one fake, closed
 *       after the {@code @AfterEach} methods and every extension's after-each callbacks;
 *   <li><b>per class</b>: static fields (filled before the {@code @BeforeAll} methods run)
 *       and the parameters of {@code @BeforeAll}, {@code @AfterAll} methods and constructors
 *       get one fake, closed after the class's {@code @AfterAll} methods.
 * </ul>
 *
 * <p>Closing goes through the {@link ExtensionContext.Store}: the {@link Networking} first,
 * then its kernel. A test that keeps a reference finds them closed afterwards.
 *
 * <h2>Threads</h2>
 *
 * The extension itself holds no state and may be used by tests running in parallel; each
 * test gets its own fake, and the fakes themselves are thread-safe.
 *
 * <p>On the module path, the package of a test class with private {@link FakeNet} fields
 * must be open to {@code io.netmodel.testkit}.
 */
public final class FakeNetworkingExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeNetworkingExtension.class);
  private static final String RULE =
      "@FakeNet %s must be of type Networking or FakeKernel, not %s: %s";

  /** Made by JUnit, through {@code @ExtendWith} or {@link FakeNet}. */
  public FakeNetworkingExtension() {}

  /** Fills the static {@link FakeNet} fields of the test class with the class's fake. */
  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    for (Field field :
        AnnotationSupport.findAnnotatedFields(testClass, FakeNet.class, isStatic())) {
      inject(field, null, context);
    }
  }

  /** Fills the instance {@link FakeNet} fields with the test method's fake. */
  @Override
  public void beforeEach(ExtensionContext context) {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Field field :
          AnnotationSupport.findAnnotatedFields(
              instance.getClass(), FakeNet.class, isStatic().negate())) {
        inject(field, instance, context);
      }
    }
  }

  /**
   * Whether the parameter is one this extension fills: of a fake's type, or annotated with
   * {@link FakeNet} (then a wrong type is reported by {@link #resolveParameter}).
   */
  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext context) {
    return isFakeType(parameterContext.getParameter().getType())
        || parameterContext.isAnnotated(FakeNet.class);
  }

  /**
   * The fake of the parameter's scope.
   *
   * @throws ParameterResolutionException for a {@link FakeNet} parameter of another type
   */
  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    Parameter parameter = parameterContext.getParameter();
    Class<?> type = parameter.getType();
    if (!isFakeType(type)) {
      throw new ParameterResolutionException(
          String.format(
              RULE,
              "parameters",
              type.getName(),
              "parameter "
                  + parameter.getName()
                  + " of "
                  + parameterContext.getDeclaringExecutable()));
    }
    return fakes(context).as(type);
  }

  private static void inject(Field field, Object instance, ExtensionContext context) {
    String where = "field " + field.getName() + " in " + field.getDeclaringClass().getName();
    if (!isFakeType(field.getType())) {
      throw new ExtensionConfigurationException(
          String.format(RULE, "fields", field.getType().getName(), where));
    }
    if (Modifier.isFinal(field.getModifiers())) {
      throw new ExtensionConfigurationException("@FakeNet fields must not be final: " + where);
    }
    Object value = fakes(context).as(field.getType());
    try {
      field.setAccessible(true);
      field.set(instance, value);
    } catch (IllegalAccessException | RuntimeException e) {
      throw new ExtensionConfigurationException(
          "@FakeNet fields must be writable by the testkit (open the package to"
              + " io.netmodel.testkit on the module path): "
              + where,
          e);
    }
  }

  /**
   * The fakes of this context, made on first use. The key names the context so that a test
   * method never finds its class's fakes through the store's parent lookup.
   */
  private static Fakes fakes(ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "fakes of " + context.getUniqueId(), key -> Fakes.open(), Fakes.class);
  }

  private static boolean isFakeType(Class<?> type) {
    return type == Networking.class || type == FakeKernel.class;
  }

  private static Predicate<Field> isStatic() {
    return field -> Modifier.isStatic(field.getModifiers());
  }

  /** One kernel and the Networking over it, closed together by the store. */
  private static final class Fakes implements AutoCloseable {
    private final FakeKernel kernel;
    private final Networking networking;

    private Fakes(FakeKernel kernel, Networking networking) {
      this.kernel = kernel;
      this.networking = networking;
    }

    static Fakes open() {
      FakeKernel kernel = FakeKernel.create();
      try {
        return new Fakes(kernel, FakeNetworking.builder().kernel(kernel).build());
      } catch (RuntimeException e) {
        kernel.close();
        throw e;
      }
    }

    Object as(Class<?> type) {
      return type == FakeKernel.class ? kernel : networking;
    }

    /** Closes the Networking, then the kernel beneath it, in reverse order of creation. */
    @Override
    public void close() {
      try {
        networking.close();
      } finally {
        kernel.close();
      }
    }
  }
}
