package io.netmodel.bench;

import io.netmodel.api.Networking;
import io.netmodel.core.engine.NetworkingEngine;
import io.netmodel.core.engine.Policy;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.state.StateStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The Networking that {@code LinuxNetworking.builder()...build()} makes, but with its kernel
 * port wrapped in a {@link TimingKernel}. {@code LinuxNetworking} offers no way to wrap its
 * port, so the port is opened by reflection on the package-private {@code
 * io.netmodel.linux.LinuxKernel.open(Path, Optional)}; only {@code --profile} does this.
 */
final class ProfiledNetworking {
  private static final String KERNEL_CLASS = "io.netmodel.linux.LinuxKernel";

  private ProfiledNetworking() {}

  /**
   * Opens the Linux kernel port on {@code hostNamespace} and an engine on it.
   *
   * @throws BenchException if the port's factory is not where this benchmark expects it
   */
  static Networking open(
      Path stateDirectory, Path netnsDirectory, Path hostNamespace, StepTimes times) {
    StateStore store = StateStore.open(stateDirectory);
    Kernel kernel = openKernel(netnsDirectory, hostNamespace);
    Kernel timed = TimingKernel.wrap(kernel, times);
    return new NetworkingEngine(timed, store, Policy.defaults(), Clock.systemUTC(), kernel::close);
  }

  private static Kernel openKernel(Path netnsDirectory, Path hostNamespace) {
    try {
      Method open =
          Class.forName(KERNEL_CLASS).getDeclaredMethod("open", Path.class, Optional.class);
      open.setAccessible(true);
      return (Kernel) open.invoke(null, netnsDirectory, Optional.of(hostNamespace));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new BenchException("cannot open the kernel port: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new BenchException(
          "--profile cannot reach " + KERNEL_CLASS + ".open(Path, Optional) (" + e + ");"
              + " run without --profile",
          e);
    }
  }
}
