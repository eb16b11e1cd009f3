package io.netmodel.core.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.api.net.IpAddresses;
import io.netmodel.core.state.StateStore;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpamConcurrencyTest {
  @TempDir Path dir;

  @Test
  void fourThreadsWithTheirOwnIpamNeverShareAnAddress() throws Exception {
    int threads = 4;
    int each = 50;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<InetAddress>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String owner = "t" + t;
        results.add(
            pool.submit(
                () -> {
                  Ipam ipam = new Ipam(StateStore.open(dir));
                  start.await();
                  List<InetAddress> got = new ArrayList<>();
                  for (int i = 0; i < each; i++) {
                    got.add(ipam.allocate("web", IpamWorker.CONFIG, Optional.empty(), owner));
                  }
                  return got;
                }));
      }
      start.countDown();
      Set<InetAddress> all = new HashSet<>();
      for (Future<List<InetAddress>> result : results) {
        all.addAll(result.get(120, TimeUnit.SECONDS));
      }

      assertThat(all).hasSize(threads * each);
      Map<InetAddress, String> stored = new Ipam(StateStore.open(dir)).allocations("web");
      assertThat(stored).hasSize(threads * each);
      assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(all);
      assertThat(stored.keySet()).first().isEqualTo(IpAddresses.parse("172.18.0.2"));
      assertThat(stored.keySet()).last().isEqualTo(IpAddresses.parse("172.18.0.201"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoProcessesOnOneDirectoryNeverShareAnAddress() throws Exception {
    Path state = dir.resolve("state");
    Path go = dir.resolve("go");
    int each = 50;
    List<Process> processes = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    try {
      for (String owner : List.of("p1", "p2")) {
        Path out = dir.resolve(owner + ".out");
        outputs.add(out);
        processes.add(
            new ProcessBuilder(
                    javaExecutable(),
                    "-cp",
                    childClasspath(),
                    IpamWorker.class.getName(),
                    state.toString(),
                    go.toString(),
                    Integer.toString(each),
                    owner)
                .redirectOutput(out.toFile())
                .redirectError(dir.resolve(owner + ".err").toFile())
                .start());
      }
      Files.createFile(go);
      for (int i = 0; i < processes.size(); i++) {
        Process process = processes.get(i);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("worker finished").isTrue();
        Path err = dir.resolve("p" + (i + 1) + ".err");
        assertThat(process.exitValue())
            .as("worker exit status; stderr: %s", Files.readString(err))
            .isZero();
      }
    } finally {
      processes.forEach(Process::destroyForcibly);
    }

    Set<InetAddress> handedOut = new LinkedHashSet<>();
    int lines = 0;
    for (Path out : outputs) {
      for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
        handedOut.add(IpAddresses.parse(line));
        lines++;
      }
    }
    assertThat(lines).isEqualTo(2 * each);
    assertThat(handedOut).hasSize(2 * each);
    Map<InetAddress, String> stored = new Ipam(StateStore.open(state)).allocations("web");
    assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(handedOut);
    assertThat(stored.values()).filteredOn("p1"::equals).hasSize(each);
    assertThat(stored.values()).filteredOn("p2"::equals).hasSize(each);
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The test's own class path, whether surefire runs the tests on the class path or the module
   * path: both properties, plus the locations of the classes the worker needs.
   */
  private static String childClasspath() throws URISyntaxException, IOException {
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> type :
        List.of(
            IpamWorker.class,
            Ipam.class,
            StateStore.class,
            IpAddresses.class,
            com.google.common.net.InetAddresses.class,
            org.slf4j.LoggerFactory.class)) {
      entries.add(
          Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    }
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property, "");
      for (String entry : value.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          entries.add(entry);
        }
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
