package io.netmodel.bench;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.LinkSpec;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * A {@link Kernel} that times every call the engine makes on the real one, with {@link
 * System#nanoTime} around it, into {@link StepTimes}. The parts ({@code links(ns)}, {@code
 * addresses(ns)}, ...) are wrapped too, and each call is named by where it works ({@code
 * host} or {@code sandbox}), the part, the method and, where it tells steps apart, the
 * argument's kind: {@code host links.add(Veth)}, {@code sandbox sysctls.set(disable_ipv6)}.
 * Getting a part is a step of its own ({@code sandbox kernel.links}).
 *
 * <p>Built on {@link Proxy}, so it follows the port's interfaces as they change. Thread-safe
 * as the kernel it wraps.
 */
final class TimingKernel {
  private TimingKernel() {}

  static Kernel wrap(Kernel kernel, StepTimes times) {
    return proxy(Kernel.class, new Timed(kernel, "", times, Optional.of(kernel)));
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /** Times the calls on one object of the port; wraps the parts a Kernel hands out. */
  private static final class Timed implements InvocationHandler {
    private final Object target;
    private final String where;
    private final StepTimes times;
    private final Optional<Kernel> kernel;

    Timed(Object target, String where, StepTimes times, Optional<Kernel> kernel) {
      this.target = target;
      this.where = where;
      this.times = times;
      this.kernel = kernel;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return invokeTarget(method, args);
      }
      long start = System.nanoTime();
      Object result = invokeTarget(method, args);
      long nanos = System.nanoTime() - start;
      String part = kernel.isPresent() ? "kernel" : partName(target);
      String place = kernel.isPresent() ? placeOf(args) : where;
      times.add(
          (place.isEmpty() ? "" : place + " ") + part + "." + method.getName() + detail(args),
          nanos);
      Class<?> returned = method.getReturnType();
      if (kernel.isPresent()
          && returned.isInterface()
          && returned.getPackage() == Kernel.class.getPackage()) {
        return proxy(returned, new Timed(result, place, times, Optional.empty()));
      }
      return result;
    }

    private Object invokeTarget(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    /** {@code host} or {@code sandbox} for a call that names a namespace, else nothing. */
    private String placeOf(Object[] args) {
      if (args == null) {
        return "";
      }
      for (Object arg : args) {
        if (arg instanceof NamespaceHandle ns) {
          return ns.equals(kernel.orElseThrow().namespaces().host()) ? "host" : "sandbox";
        }
      }
      return "";
    }

    private static String partName(Object part) {
      for (Class<?> type : part.getClass().getInterfaces()) {
        if (type.getPackage() == Kernel.class.getPackage()) {
          String simple = type.getSimpleName();
          return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
        }
      }
      return part.getClass().getSimpleName();
    }

    private static String detail(Object[] args) {
      if (args == null || args.length == 0) {
        return "";
      }
      Object first = args[0];
      if (first instanceof LinkSpec spec) {
        return "(" + spec.getClass().getSimpleName() + ")";
      }
      if (first instanceof InterfaceName) {
        return "(by name)";
      }
      if (first instanceof String key && key.contains("/")) {
        return "(" + key.substring(key.lastIndexOf('/') + 1) + ")";
      }
      return "";
    }
  }
}
