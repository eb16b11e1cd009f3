package io.netmodel.linux.ns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.ConflictException;
import io.netmodel.api.KernelException;
import io.netmodel.api.NotFoundException;
import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Creating, opening, listing and deleting namespaces on the real kernel. */
class LinuxNamespacesLinuxTest {
  private NamespaceFixture fixture;

  @BeforeEach
  void setUp() {
    KernelPrivilege.requireNamespaceAdmin();
    fixture = NamespaceFixture.inTemporaryDirectory();
  }

  @AfterEach
  void tearDown() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void createdNamespaceIsListedAndUsableByIpNetns() throws Exception {
    try (NamespaceFixture run = NamespaceFixture.inDefaultDirectory()) {
      String name = run.newName();
      run.track(run.namespaces.create(name));

      assertThat(run.namespaces.list()).contains(name);
      assertThat(output("ip", "netns", "list")).contains(name);
      assertThat(exitCode("ip", "netns", "exec", name, "true")).isZero();
    }
  }

  @Test
  void createdNamespaceIsABindMountedFileHoldingOnlyLoopback() throws Exception {
    LinuxNamespaceHandle ns = fixture.create();
    Path file = ns.path().orElseThrow();

    assertThat(mountPoints()).contains(file.toString());
    assertThat(NamespaceFiles.idOf(file)).isEqualTo(ns.id());
    assertThat(ns.id()).isNotEqualTo(fixture.namespaces.homeId());
    String links = readAll(ns.start(new ProcessBuilder("ip", "-o", "link", "show")));
    assertThat(links.lines()).hasSize(1).allMatch(l -> l.contains(": lo:"));
  }

  @Test
  void directoryIsMadeASharedMount() throws Exception {
    fixture.create();

    String propagation =
        output(
            "findmnt", "-n", "-o", "PROPAGATION", "--mountpoint", fixture.directory().toString());
    assertThat(propagation.trim()).isEqualTo("shared");
  }

  @Test
  void handlesOnOneNamespaceAreEqualByNameAndByPath() {
    LinuxNamespaceHandle created = fixture.create();
    String name = created.name().orElseThrow();
    LinuxNamespaceHandle byName = fixture.track(fixture.namespaces.open(name));
    LinuxNamespaceHandle byPath =
        fixture.track(fixture.namespaces.openPath(fixture.namespaces.pathOf(name)));

    assertThat(byName).isEqualTo(created).isEqualTo(byPath).hasSameHashCodeAs(byPath);
    assertThat(byName.name()).contains(name);
    assertThat(byPath.name()).isEmpty();
    assertThat(byPath.path()).contains(fixture.namespaces.pathOf(name));
  }

  @Test
  void differentNamespacesHaveDifferentIds() {
    LinuxNamespaceHandle a = fixture.create();
    LinuxNamespaceHandle b = fixture.create();

    assertThat(a).isNotEqualTo(b);
    assertThat(a.id()).isNotEqualTo(b.id());
  }

  @Test
  void homeIsTheNamespaceOfThisProcess() {
    LinuxNamespaceHandle home = fixture.track(fixture.namespaces.openHome());
    LinuxNamespaceHandle self =
        fixture.track(fixture.namespaces.openPid(ProcessHandle.current().pid()));

    assertThat(home.id()).isEqualTo(fixture.namespaces.homeId()).isEqualTo(self.id());
    assertThat(home.path()).isEmpty();
  }

  @Test
  void opensTheNamespaceOfAProcessById() throws Exception {
    try (NamespaceFixture run = NamespaceFixture.inDefaultDirectory()) {
      String name = run.newName();
      LinuxNamespaceHandle ns = run.track(run.namespaces.create(name));
      Process sleeper = new ProcessBuilder("ip", "netns", "exec", name, "sleep", "5").start();
      try {
        LinuxNamespaceHandle byPid = awaitNamespaceOf(run, sleeper, ns);
        assertThat(byPid).isEqualTo(ns);
        assertThat(byPid.path()).contains(Path.of("/proc/" + sleeper.pid() + "/ns/net"));
      } finally {
        sleeper.destroyForcibly().waitFor();
      }
    }
  }

  /** `ip netns exec` switches after it starts: wait until the process is inside. */
  private static LinuxNamespaceHandle awaitNamespaceOf(
      NamespaceFixture run, Process p, LinuxNamespaceHandle expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      LinuxNamespaceHandle h = run.track(run.namespaces.openPid(p.pid()));
      if (h.equals(expected) || System.nanoTime() > deadline) {
        return h;
      }
      Thread.sleep(20);
    }
  }

  @Test
  void openingAMissingNamespaceOrProcessIsNotFound() {
    assertThatThrownBy(() -> fixture.namespaces.open("nmt-missing"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("network namespace not found: nmt-missing");
    assertThatThrownBy(() -> fixture.namespaces.openPid(Integer.MAX_VALUE))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("process not found: " + Integer.MAX_VALUE);
  }

  @Test
  void refusesToOpenAFileThatIsNotANetworkNamespace() throws IOException {
    Path plain = Files.createTempFile("nmt-", ".txt");
    try {
      assertThatThrownBy(() -> fixture.namespaces.openPath(plain))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a network namespace file");
      assertThatThrownBy(() -> fixture.namespaces.openPath(Path.of("/proc/self/ns/mnt")))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      Files.delete(plain);
    }
  }

  @Test
  void deleteUnmountsAndRemovesTheFile() throws Exception {
    LinuxNamespaceHandle ns = fixture.create();
    String name = ns.name().orElseThrow();
    Path file = ns.path().orElseThrow();

    fixture.namespaces.delete(name);

    assertThat(file).doesNotExist();
    assertThat(mountPoints()).doesNotContain(file.toString());
    assertThat(fixture.namespaces.list()).doesNotContain(name);
    assertThatThrownBy(() -> fixture.namespaces.delete(name)).isInstanceOf(NotFoundException.class);
    assertThat(fixture.namespaces.deleteIfExists(name)).isFalse();
  }

  @Test
  void creatingAnExistingNameConflictsAndLeavesTheExistingNamespaceAlone() throws Exception {
    LinuxNamespaceHandle first = fixture.create();
    String name = first.name().orElseThrow();

    assertThatThrownBy(() -> fixture.namespaces.create(name))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(name);

    assertThat(fixture.namespaces.list()).containsExactly(name);
    LinuxNamespaceHandle again = fixture.track(fixture.namespaces.open(name));
    assertThat(again).isEqualTo(first);
  }

  @Test
  void failedCreateLeavesNothingBehind() {
    // A directory whose parent does not exist cannot be made: nothing may appear.
    Path missingParent = fixture.directory().resolve("no-such-parent").resolve("netns");
    try (LinuxNamespaces elsewhere = LinuxNamespaces.open(missingParent)) {
      assertThatThrownBy(() -> elsewhere.create("nmt-x"))
          .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.is("ENOENT")).isTrue());
      assertThat(missingParent.getParent()).doesNotExist();
      assertThat(elsewhere.list()).isEmpty();
    }
  }

  @Test
  void createThatFailsAfterMakingTheFileRemovesIt() {
    LinuxNamespaces closed = LinuxNamespaces.open(fixture.directory());
    closed.close(); // its threads are gone: the namespace cannot be made once the file is
    String name = fixture.newName();

    assertThatThrownBy(() -> closed.create(name)).isInstanceOf(IllegalStateException.class);

    assertThat(fixture.namespaces.pathOf(name)).doesNotExist();
    assertThat(fixture.namespaces.list()).isEmpty();
  }

  @Test
  void createWithSetupRunsTheSetupInsideTheNewNamespace() {
    String name = fixture.newName();

    LinuxNamespaces.Created<NamespaceId> created =
        fixture.namespaces.create(name, LinuxNamespaces::currentThreadNamespace, id -> {});
    fixture.track(created.handle());

    assertThat(created.value())
        .isEqualTo(created.handle().id())
        .isNotEqualTo(fixture.namespaces.homeId());
    assertThat(LinuxNamespaces.currentThreadNamespace()).isEqualTo(fixture.namespaces.homeId());
    assertThat(fixture.namespaces.list()).containsExactly(name);
  }

  @Test
  void createWhoseSetupThrowsRemovesTheNamespaceAndThrowsTheSame() throws Exception {
    String name = fixture.newName();
    IllegalStateException refused = new IllegalStateException("setup refused");

    assertThatThrownBy(
            () ->
                fixture.namespaces.create(
                    name,
                    () -> {
                      throw refused;
                    },
                    v -> {}))
        .isSameAs(refused);

    assertThat(fixture.namespaces.exists(name)).isFalse();
    assertThat(mountPoints()).noneMatch(m -> m.endsWith("/" + name));
  }

  @Test
  void createWhoseSetupThrowsACheckedExceptionWrapsIt() {
    String name = fixture.newName();

    assertThatThrownBy(
            () ->
                fixture.namespaces.create(
                    name,
                    () -> {
                      throw new IOException("no socket");
                    },
                    v -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(name)
        .hasRootCauseInstanceOf(IOException.class);
    assertThat(fixture.namespaces.exists(name)).isFalse();
  }

  @Test
  void createWhoseSetupReturnsNullIsRefusedAndLeavesNothing() {
    String name = fixture.newName();

    assertThatThrownBy(() -> fixture.namespaces.create(name, () -> null, v -> {}))
        .isInstanceOf(NullPointerException.class);
    assertThat(fixture.namespaces.exists(name)).isFalse();
  }

  @Test
  void createWithSetupOnATakenNameRunsNoSetup() {
    LinuxNamespaceHandle first = fixture.create();
    String name = first.name().orElseThrow();
    List<String> ran = new java.util.ArrayList<>();

    assertThatThrownBy(() -> fixture.namespaces.create(name, () -> ran.add("setup"), v -> {}))
        .isInstanceOf(ConflictException.class);
    assertThat(ran).isEmpty();
  }

  @Test
  void aCreateAfterExpectCreateRunsOnTheNamespaceThreadThatWasIdle() throws Exception {
    LinuxNamespaces.Created<Thread> first =
        fixture.namespaces.create(fixture.newName(), Thread::currentThread, thread -> {});
    fixture.track(first.handle());
    // The create returns as soon as its outcome is handed over, before the worker is idle
    // again: a hint before that finds no idle worker (and the create makes a new one).
    awaitParked(first.value());

    fixture.namespaces.expectCreate();
    LinuxNamespaces.Created<Thread> second =
        fixture.namespaces.create(fixture.newName(), Thread::currentThread, thread -> {});
    fixture.track(second.handle());

    assertThat(second.value()).isSameAs(first.value()).isNotSameAs(Thread.currentThread());
    assertThat(second.handle().id()).isNotEqualTo(first.handle().id());
    assertThat(fixture.namespaces.list())
        .containsExactlyInAnyOrder(first.handle().name().orElseThrow(),
            second.handle().name().orElseThrow());
  }

  @Test
  void anExpectCreateWithoutACreateLapsesAndItsThreadWaitsParkedForTheNextJob()
      throws Exception {
    LinuxNamespaces.Created<Thread> first =
        fixture.namespaces.create(fixture.newName(), Thread::currentThread, thread -> {});
    fixture.track(first.handle());
    Thread worker = first.value();

    awaitParked(worker);
    fixture.namespaces.expectCreate();

    // It spins for the create a millisecond at most, then parks with its idle timeout.
    awaitParked(worker);
    LinuxNamespaces.Created<Thread> second =
        fixture.namespaces.create(fixture.newName(), Thread::currentThread, thread -> {});
    fixture.track(second.handle());
    assertThat(second.value()).isSameAs(worker);
  }

  /**
   * Waits until {@code worker} is parked with its idle timeout: back among the idle workers
   * (it joins them before it spins and parks), its spin over.
   */
  private static void awaitParked(Thread worker) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (worker.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(worker.getState()).as("%s parked, idle", worker.getName())
        .isEqualTo(Thread.State.TIMED_WAITING);
  }

  @Test
  @Timeout(120)
  void concurrentCreatesEachAfterAnExpectCreateEachGetANamespaceOfTheirOwn() throws Exception {
    int threads = 4;
    int each = 6;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < threads * each; i++) {
      names.add(fixture.newName());
    }
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    List<Future<List<NamespaceId[]>>> outcomes = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        List<String> mine = names.subList(t * each, (t + 1) * each);
        outcomes.add(
            callers.submit(
                () -> {
                  List<NamespaceId[]> made = new ArrayList<>();
                  for (String name : mine) {
                    fixture.namespaces.expectCreate();
                    LinuxNamespaces.Created<NamespaceId> created =
                        fixture.namespaces.create(
                            name, LinuxNamespaces::currentThreadNamespace, id -> {});
                    try (LinuxNamespaceHandle handle = created.handle()) {
                      made.add(new NamespaceId[] {created.value(), handle.id()});
                    }
                  }
                  return made;
                }));
      }
      Set<NamespaceId> seen = new HashSet<>();
      for (Future<List<NamespaceId[]>> outcome : outcomes) {
        for (NamespaceId[] pair : outcome.get(100, TimeUnit.SECONDS)) {
          assertThat(pair[0]).as("where the setup ran").isEqualTo(pair[1]);
          assertThat(seen.add(pair[1])).as("namespace %s made once", pair[1]).isTrue();
        }
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(fixture.namespaces.list()).containsExactlyInAnyOrderElementsOf(names);
  }

  @Test
  void expectCreateWithNoThreadIdleOrOnClosedNamespacesDoesNothing() {
    LinuxNamespaces fresh = LinuxNamespaces.open(fixture.directory());
    try {
      fresh.expectCreate(); // no namespace thread has been made yet

      LinuxNamespaces.Created<NamespaceId> created =
          fresh.create(fixture.newName(), LinuxNamespaces::currentThreadNamespace, id -> {});
      fixture.track(created.handle());
      assertThat(created.value()).isEqualTo(created.handle().id());
    } finally {
      fresh.close();
    }

    fresh.expectCreate();

    assertThatThrownBy(() -> fresh.create(fixture.newName()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aLeftoverUnmountedFileIsNotANamespaceButCanBeDeleted() throws Exception {
    fixture.create(); // makes the directory
    String name = fixture.newName();
    Files.createFile(fixture.namespaces.pathOf(name));

    assertThatThrownBy(() -> fixture.namespaces.open(name)).isInstanceOf(NotFoundException.class);
    assertThat(fixture.namespaces.deleteIfExists(name)).isTrue();
    assertThat(fixture.namespaces.exists(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a/b", "/abs"})
  void refusesInvalidNames(String name) {
    assertThatThrownBy(() -> fixture.namespaces.create(name))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(fixture.namespaces.list()).isEmpty();
  }

  @Test
  void refusesANameLongerThan255Bytes() {
    assertThatThrownBy(() -> fixture.namespaces.create("n".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("255");
  }

  private static String readAll(Process p) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("exit code of %s", p.info().commandLine()).isZero();
    return out;
  }

  private static String output(String... command) throws Exception {
    return readAll(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  private static int exitCode(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  private static List<String> mountPoints() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(line -> line.split(" ")[4])
        .collect(Collectors.toList());
  }
}
