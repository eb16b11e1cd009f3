package io.netmodel.linux.ns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Running code inside a namespace on the real kernel, and what it does to threads. */
class LinuxNamespaceHandleLinuxTest {
  private static final InetAddress LOOPBACK = loopback();

  private NamespaceFixture fixture;
  private LinuxNamespaceHandle ns;

  @BeforeEach
  void setUp() {
    KernelPrivilege.requireNamespaceAdmin();
    fixture = NamespaceFixture.inTemporaryDirectory();
    ns = fixture.create();
  }

  @AfterEach
  void tearDown() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void callRunsInsideTheNamespace() throws Exception {
    assertThat(ns.call(LinuxNamespaces::currentThreadNamespace)).isEqualTo(ns.id());
  }

  @Test
  void callerThreadNeverChangesNamespace() throws Exception {
    NamespaceId before = LinuxNamespaces.currentThreadNamespace();

    ns.call(() -> 1);
    ns.run(() -> {});

    assertThat(LinuxNamespaces.currentThreadNamespace())
        .isEqualTo(before)
        .isEqualTo(fixture.namespaces.homeId());
  }

  @Test
  void exceptionsOfTheTaskPropagateUnchanged() {
    IOException checked = new IOException("boom");
    IllegalStateException unchecked = new IllegalStateException("bang");
    AssertionError error = new AssertionError("oops");

    assertThatThrownBy(
            () ->
                ns.call(
                    () -> {
                      throw checked;
                    }))
        .isSameAs(checked);
    assertThatThrownBy(
            () ->
                ns.run(
                    () -> {
                      throw unchecked;
                    }))
        .isSameAs(unchecked);
    assertThatThrownBy(
            () ->
                ns.run(
                    () -> {
                      throw error;
                    }))
        .isSameAs(error);
  }

  @Test
  void afterAFailedTaskTheNextStillRunsInTheNamespace() throws Exception {
    assertThatThrownBy(
            () ->
                ns.run(
                    () -> {
                      throw new IllegalStateException("fail");
                    }))
        .hasMessage("fail");

    assertThat(ns.call(LinuxNamespaces::currentThreadNamespace)).isEqualTo(ns.id());
    LinuxNamespaceHandle home = fixture.track(fixture.namespaces.openHome());
    assertThat(home.call(LinuxNamespaces::currentThreadNamespace))
        .isEqualTo(fixture.namespaces.homeId());
  }

  @Test
  void tasksOfOneHandleRunOneAtATime() throws Exception {
    AtomicInteger active = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t =
          new Thread(
              () -> {
                for (int j = 0; j < 20; j++) {
                  ns.run(
                      () -> {
                        most.accumulateAndGet(active.incrementAndGet(), Math::max);
                        Thread.onSpinWait();
                        active.decrementAndGet();
                      });
                }
              });
      t.start();
      callers.add(t);
    }
    for (Thread t : callers) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }

    assertThat(most.get()).isEqualTo(1);
  }

  @Test
  void tasksRunInSubmissionOrder() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> order = new ArrayList<>();
    Thread blocker =
        new Thread(
            () ->
                ns.run(
                    () -> {
                      started.countDown();
                      awaitQuietly(release);
                    }));
    blocker.start();
    started.await();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      Thread t = new Thread(() -> ns.run(() -> order.add(n)));
      t.start();
      callers.add(t);
      awaitQueued(t);
    }
    release.countDown();
    for (Thread t : callers) {
      t.join();
    }
    blocker.join();

    assertThat(order).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void aTaskMayCallItsOwnHandle() throws Exception {
    NamespaceId inner = ns.call(() -> ns.call(LinuxNamespaces::currentThreadNamespace));

    assertThat(inner).isEqualTo(ns.id());
  }

  @Test
  void serverSocketMadeInsideServesOnlyInside() throws Exception {
    bringLoopbackUp(ns);
    try (ServerSocket server = ns.call(() -> new ServerSocket(0, 50, LOOPBACK))) {
      int port = server.getLocalPort();
      server.setSoTimeout(2000);

      ns.run(() -> connectQuietly(port));
      try (Socket accepted = server.accept()) {
        assertThat(accepted.getInetAddress()).isEqualTo(LOOPBACK);
      }

      connectQuietly(port); // from the host's loopback: another network
      server.setSoTimeout(300);
      assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void startedProcessIsBornInTheNamespace() throws Exception {
    Process p = ns.start(new ProcessBuilder("readlink", "/proc/self/ns/net"));

    String link = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).isZero();
    assertThat(link).isEqualTo(ns.id().linkText());
  }

  @Test
  void startReportsAMissingProgramAsIoException() {
    assertThatThrownBy(() -> ns.start(new ProcessBuilder("/nonexistent/nmt-program")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void callerInterruptedBeforeTheTaskStartedCancelsIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread blocker =
        new Thread(
            () ->
                ns.run(
                    () -> {
                      started.countDown();
                      awaitQuietly(release);
                    }));
    blocker.start();
    started.await();
    AtomicBoolean ran = new AtomicBoolean();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean flagAfter = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                ns.call(() -> ran.getAndSet(true));
              } catch (Exception e) {
                thrown.set(e);
              }
              flagAfter.set(Thread.currentThread().isInterrupted());
            });
    caller.start();
    awaitQueued(caller);
    caller.interrupt();
    caller.join(5000);
    release.countDown();
    blocker.join();
    ns.call(() -> null); // everything queued before this has run

    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(ran).isFalse();
    assertThat(flagAfter).isFalse(); // the InterruptedException carries it
  }

  @Test
  void runInterruptedBeforeStartThrowsCancellationWithTheFlagSet() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread blocker =
        new Thread(
            () ->
                ns.run(
                    () -> {
                      started.countDown();
                      awaitQuietly(release);
                    }));
    blocker.start();
    started.await();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean flagAfter = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                ns.run(() -> {});
              } catch (RuntimeException e) {
                thrown.set(e);
              }
              flagAfter.set(Thread.currentThread().isInterrupted());
            });
    caller.start();
    awaitQueued(caller);
    caller.interrupt();
    caller.join(5000);
    release.countDown();
    blocker.join();

    assertThat(thrown.get()).isInstanceOf(CancellationException.class);
    assertThat(flagAfter).isTrue();
  }

  @Test
  void interruptOfTheCallerReachesTheRunningTask() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean flagAfter = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                ns.call(
                    () -> {
                      started.countDown();
                      Thread.sleep(30_000);
                      return null;
                    });
              } catch (Exception e) {
                thrown.set(e);
              }
              flagAfter.set(Thread.currentThread().isInterrupted());
            });
    caller.start();
    started.await();
    caller.interrupt();
    caller.join(5000);

    assertThat(thrown.get()).isInstanceOf(InterruptedException.class); // the task's own
    assertThat(flagAfter).isTrue();
    assertThat(ns.call(() -> Thread.currentThread().isInterrupted())).isFalse();
  }

  @Test
  void virtualThreadCallerOnlyWaits() throws Exception {
    assumeThat(Runtime.version().feature())
        .as("virtual threads need Java 21+; this JVM is %s", Runtime.version())
        .isGreaterThanOrEqualTo(21);
    AtomicReference<Object> inside = new AtomicReference<>();
    AtomicReference<Object> callerAfter = new AtomicReference<>();
    Runnable body =
        () -> {
          try {
            inside.set(ns.call(LinuxNamespaces::currentThreadNamespace));
            callerAfter.set(LinuxNamespaces.currentThreadNamespace());
          } catch (Exception e) {
            inside.set(e);
          }
        };
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    Thread vt =
        (Thread)
            Class.forName("java.lang.Thread$Builder")
                .getMethod("start", Runnable.class)
                .invoke(builder, body);
    vt.join(10_000);

    assertThat(inside.get()).isEqualTo(ns.id());
    assertThat(callerAfter.get()).isEqualTo(fixture.namespaces.homeId());
  }

  @Test
  void closedHandleRefusesTasksAndClosesIdempotently() {
    LinuxNamespaceHandle extra = fixture.track(fixture.namespaces.open(ns.name().orElseThrow()));

    extra.close();
    extra.close();

    assertThat(extra.isClosed()).isTrue();
    assertThatThrownBy(() -> extra.call(() -> 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(extra::fd).isInstanceOf(IllegalStateException.class);
  }

  private static void bringLoopbackUp(LinuxNamespaceHandle ns) throws Exception {
    Process p = ns.start(new ProcessBuilder("ip", "link", "set", "lo", "up"));
    assertThat(p.waitFor()).isZero();
  }

  private static void connectQuietly(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(LOOPBACK, port), 500);
    } catch (IOException e) {
      // refused or timed out: the test looks at the server's side
    }
  }

  /** Waits until {@code t} blocks, i.e. its task is queued behind the running one. */
  private static void awaitQueued(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
