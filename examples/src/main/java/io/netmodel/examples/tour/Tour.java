package io.netmodel.examples.tour;

import io.netmodel.api.NetmodelException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@code netmodel tour}: the source document's walkthrough of Docker's network modes, live.
 * For each mode that exists, in the document's order, it shows the document's Docker
 * commands, makes the sandboxes the document makes (named as its containers), prints what
 * {@code ip addr} shows inside them, and checks each claim of the document, marking it ✓ or
 * ✗. It ends with {@code N claims checked, M hold}.
 *
 * <pre>{@code
 * int status = Tour.run(TourOptions.defaults());   // 0 only when every claim holds
 * }</pre>
 *
 * <p>Everything happens in a throwaway world of namespaces under a temporary directory (see
 * {@link Lab}); the machine's own network is never changed. It is removed at the end, also
 * on failure and on Ctrl-C, unless {@code --keep}. Without CAP_NET_ADMIN and CAP_SYS_ADMIN
 * the tour runs itself again inside a user namespace. With {@link TourOptions#fake()} the
 * same chapters check the same claims on the testkit's fake kernel (see {@link FakeLab}):
 * no root, no namespace, nothing of the machine touched, on any OS. Not thread-safe: one
 * tour at a time per JVM.
 */
public final class Tour {
  /** Every claim held. */
  public static final int EXIT_ALL_HOLD = 0;
  /** The tour ran, and at least one claim did not hold. */
  public static final int EXIT_CLAIM_FAILED = 1;
  /** The tour itself could not run (as netmodel's other commands: 125). */
  public static final int EXIT_NETMODEL = 125;

  /** The document's modes in its order; the ones that cannot be made yet say so. */
  static List<Chapter> chapters() {
    return List.of(
        new HostChapter(),
        new ContainerChapter(),
        new NoneChapter(),
        new BridgeChapter(),
        new MacvlanChapter(),
        new IpvlanChapter(),
        new NotYetChapter("6. overlay mode (Overlay模式)"));
  }

  private Tour() {}

  /** Runs the tour as {@code options} say and returns the exit status. */
  public static int run(TourOptions options) {
    if (options.fake()) {
      return runHere(Screen.onStdout(), options.keep(), FakeLab::create);
    }
    if (!Privileges.canMakeNamespaces()) {
      if (UserNamespaceLauncher.isRelaunched()) {
        System.err.println(
            "netmodel tour: no CAP_NET_ADMIN and CAP_SYS_ADMIN even inside a user namespace;"
                + " run it as root, or try `netmodel tour --fake`");
        return EXIT_NETMODEL;
      }
      return UserNamespaceLauncher.relaunch(System.err);
    }
    return runHere(Screen.onStdout(), options.keep(), Lab::open);
  }

  /** Runs every chapter in the world {@code open} makes, which this method builds and ends. */
  private static int runHere(Screen screen, boolean keep, Supplier<World> open) {
    AtomicReference<World> made = new AtomicReference<>();
    Thread onSignal =
        new Thread(
            () -> {
              World lab = made.get();
              if (lab != null && !lab.isFinished()) {
                screen.flush();
                System.err.println(
                    "netmodel tour: stopped; " + (keep ? "keeping" : "removing") + " what it made");
                lab.finish(screen, keep);
              }
            },
            "tour-cleanup");
    Runtime.getRuntime().addShutdownHook(onSignal);
    int status;
    World lab = null;
    try {
      lab = open.get();
      made.set(lab);
      screen.title(lab.title());
      lab.build();
      introduce(lab, screen);
      for (Chapter chapter : chapters()) {
        chapter.show(lab, screen);
      }
      screen.summary();
      status = screen.allHold() ? EXIT_ALL_HOLD : EXIT_CLAIM_FAILED;
    } catch (Exception e) {
      screen.flush();
      if (lab == null || !lab.isFinished()) {
        // After a stop the shutdown hook has removed everything; what fails then is noise.
        System.err.println("netmodel tour: " + describe(e));
      }
      status = EXIT_NETMODEL;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(onSignal);
    } catch (IllegalStateException e) {
      // Shutting down already: the hook finishes the lab, and finish runs once.
    }
    if (lab != null) {
      lab.finish(screen, keep);
    }
    screen.flush();
    return status;
  }

  private static void introduce(World world, Screen screen) {
    screen.heading("The host (宿主机)");
    for (String line : world.whereItLives()) {
      screen.line(line);
    }
    screen.blank();
    screen.output("ip addr        # on the host (tour-host)", world.ip(world.host(), "addr"));
  }

  /** One line saying what failed and why, without a stack trace. */
  public static String describe(Throwable e) {
    if (e instanceof TourException
        || e instanceof NetmodelException
        || e instanceof IllegalArgumentException
        || e instanceof UnsupportedOperationException
        || e instanceof IllegalStateException) {
      return e.getMessage();
    }
    if (e instanceof UncheckedIOException && e.getCause() != null) {
      return e.getMessage() + ": " + e.getCause().getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
