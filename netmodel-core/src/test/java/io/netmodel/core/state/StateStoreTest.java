package io.netmodel.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateStoreTest {
  @TempDir Path dir;

  @Test
  void writesReadsListsAndDeletes() {
    StateStore store = StateStore.open(dir.resolve("state"));
    store.write("sandboxes", "web", Map.of("mode", "none", "note", "a = b: c\nd"));
    store.write("sandboxes", "db", Map.of("mode", "host"));

    assertThat(store.read("sandboxes", "web")).contains(Map.of("mode", "none", "note", "a = b: c\nd"));
    assertThat(store.keys("sandboxes")).containsExactly("db", "web");
    assertThat(store.keys("networks")).isEmpty();
    assertThat(store.delete("sandboxes", "web")).isTrue();
    assertThat(store.delete("sandboxes", "web")).isFalse();
    assertThat(store.read("sandboxes", "web")).isEmpty();
  }

  @Test
  void replaceLeavesNoTemporaryFiles() throws Exception {
    StateStore store = StateStore.open(dir);
    for (int i = 0; i < 5; i++) {
      store.write("sandboxes", "web", Map.of("n", Integer.toString(i)));
    }
    try (var files = Files.list(dir.resolve("sandboxes"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("web.properties");
    }
    assertThat(store.read("sandboxes", "web")).contains(Map.of("n", "4"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "../x", "a/b", ".hidden", "sp ace"})
  void refusesKeysThatAreNotPlainNames(String key) {
    StateStore store = StateStore.open(dir);
    assertThatThrownBy(() -> store.write("sandboxes", key, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + key + "\"");
  }

  @Test
  void lockedSectionsDoNotInterleave() throws Exception {
    StateStore a = StateStore.open(dir);
    StateStore b = StateStore.open(dir);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        StateStore store = i % 2 == 0 ? a : b;
        futures.add(
            pool.submit(
                () ->
                    store.locked(
                        () -> {
                          int n =
                              store
                                  .read("counters", "c")
                                  .map(m -> Integer.parseInt(m.get("n")))
                                  .orElse(0);
                          store.write("counters", "c", Map.of("n", Integer.toString(n + 1)));
                          return null;
                        })));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(a.read("counters", "c")).contains(Map.of("n", "40"));
  }

  @Test
  void lockIsReentrant() {
    StateStore store = StateStore.open(dir);
    String result = store.locked(() -> store.locked(() -> "inner"));
    assertThat(result).isEqualTo("inner");
  }

  @Test
  void existsSaysWhetherAnObjectIsThere() {
    StateStore store = StateStore.open(dir);
    store.write("sandboxes", "web", Map.of("mode", "none"));

    assertThat(store.exists("sandboxes", "web")).isTrue();
    assertThat(store.exists("sandboxes", "db")).isFalse();
    assertThat(store.exists("networks", "web")).isFalse();
  }

  @Test
  void readsFilesThatPropertiesStoreWrote() throws Exception {
    Files.createDirectories(dir.resolve("sandboxes"));
    java.util.Properties old = new java.util.Properties();
    old.putAll(Map.of("created", "2026-11-29T10:00:00Z", "ipv6", "fd00::2/64", "note", " x=y"));
    try (var out = Files.newOutputStream(dir.resolve("sandboxes/web.properties"))) {
      old.store(out, null);
    }

    assertThat(StateStore.open(dir).read("sandboxes", "web"))
        .contains(Map.of("created", "2026-11-29T10:00:00Z", "ipv6", "fd00::2/64", "note", " x=y"));
  }

  @Test
  void writesFilesForTheOwnerOnly() throws Exception {
    StateStore store = StateStore.open(dir);
    store.write("sandboxes", "web", Map.of("mode", "none"));

    assertThat(permissions("sandboxes/web.properties")).isEqualTo("rw-------");
  }

  @Test
  void appendAddsLinesWhoseLaterValuesWinAndGrowsTheVersion() throws Exception {
    StateStore store = StateStore.open(dir);
    StateStore.Version first = store.append("ipam", "web", Map.of("a", "1", "b", "2"));
    StateStore.Version second = store.append("ipam", "web", Map.of("a", "3"));

    assertThat(store.read("ipam", "web")).contains(Map.of("a", "3", "b", "2"));
    assertThat(Files.readString(dir.resolve("ipam/web.properties"))).isEqualTo("a=1\nb=2\na=3\n");
    assertThat(second.size()).isGreaterThan(first.size());
    assertThat(second.identity()).isEqualTo(first.identity());
    assertThat(store.version("ipam", "web")).contains(second);
    assertThat(permissions("ipam/web.properties")).isEqualTo("rw-------");
  }

  @Test
  void aLastLineWithoutItsLineEndIsNotReadAndTheNextAppendRewritesTheFile() throws Exception {
    StateStore store = StateStore.open(dir);
    StateStore.Version whole = store.append("ipam", "web", Map.of("a", "1"));
    Path file = dir.resolve("ipam/web.properties");
    // An append cut short: half a line, no line end.
    Files.writeString(file, "b=tru", java.nio.file.StandardOpenOption.APPEND);

    assertThat(store.read("ipam", "web")).contains(Map.of("a", "1"));

    StateStore.Version repaired = store.append("ipam", "web", Map.of("c", "3"));
    assertThat(Files.readString(file)).isEqualTo("a=1\nc=3\n");
    assertThat(repaired.identity()).as("written whole: a new file").isNotEqualTo(whole.identity());
    assertThat(store.read("ipam", "web")).contains(Map.of("a", "1", "c", "3"));
  }

  @Test
  void makesAKindsDirectoryAgainAfterItWasRemoved() throws Exception {
    StateStore store = StateStore.open(dir);
    store.write("sandboxes", "web", Map.of("mode", "none"));
    Files.delete(dir.resolve("sandboxes/web.properties"));
    Files.delete(dir.resolve("sandboxes"));

    store.write("sandboxes", "web", Map.of("mode", "host"));

    assertThat(store.read("sandboxes", "web")).contains(Map.of("mode", "host"));
  }

  private String permissions(String file) throws Exception {
    return java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve(file)));
  }
}
