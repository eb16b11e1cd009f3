package io.netmodel.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParsedObjectsTest {
  @TempDir Path dir;

  private final AtomicInteger parses = new AtomicInteger();

  private ParsedObjects<String> objects(StateStore store) {
    return new ParsedObjects<>(
        store,
        "networks",
        (key, values) -> {
          parses.incrementAndGet();
          return key + ":" + values.get("v");
        });
  }

  @Test
  void parsesOnceWhileTheFileIsUnchangedAndAgainAfterAnotherWriter() {
    StateStore store = StateStore.open(dir);
    ParsedObjects<String> objects = objects(store);
    store.write("networks", "web", Map.of("v", "1"));

    assertThat(objects.get("web")).contains("web:1");
    assertThat(objects.get("web")).contains("web:1");
    assertThat(parses).hasValue(1);

    // Another process's store on the same directory: a new file, so a new version.
    StateStore.open(dir).write("networks", "web", Map.of("v", "2"));

    assertThat(objects.get("web")).contains("web:2");
    assertThat(parses).hasValue(2);
  }

  @Test
  void aMissingObjectIsEmptyAndForgotten() {
    StateStore store = StateStore.open(dir);
    ParsedObjects<String> objects = objects(store);
    store.write("networks", "web", Map.of("v", "1"));
    assertThat(objects.get("web")).isPresent();

    store.delete("networks", "web");

    assertThat(objects.get("web")).isEmpty();
    assertThat(objects.get("db")).isEmpty();
  }

  @Test
  void aKeptValueStandsForTheFileJustWrittenAndAForgottenOneIsReadAgain() {
    StateStore store = StateStore.open(dir);
    ParsedObjects<String> objects = objects(store);
    store.write("networks", "web", Map.of("v", "1"));
    objects.keep("web", "the writer's own copy");

    assertThat(objects.get("web")).contains("the writer's own copy");
    assertThat(parses).hasValue(0);

    objects.forget("web");

    assertThat(objects.get("web")).contains("web:1");
    assertThat(parses).hasValue(1);
  }
}
