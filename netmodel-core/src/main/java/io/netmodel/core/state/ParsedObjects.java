package io.netmodel.core.state;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Objects of one kind as parsed from a {@link StateStore}, kept while the stored file is the
 * {@linkplain StateStore#version version} they were parsed from: one {@code stat} per use
 * instead of a read and a parse, and another process's write (a new version) is read again.
 *
 * <p>A caller that changes a kept object in place must {@link #forget} it before writing it,
 * and {@link #keep} it after the write succeeded: a failed write must not leave the changed copy
 * standing for the stored one. Thread-safe as to its map; the objects are the caller's.
 *
 * @param <T> what a stored object is parsed into
 */
public final class ParsedObjects<T> {
  private final StateStore store;
  private final String kind;
  private final BiFunction<String, Map<String, String>, T> parser;
  private final Map<String, Parsed<T>> parsed = new ConcurrentHashMap<>();

  /**
   * @param parser from a key and the stored values to the object
   */
  public ParsedObjects(
      StateStore store, String kind, BiFunction<String, Map<String, String>, T> parser) {
    this.store = Objects.requireNonNull(store, "store");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.parser = Objects.requireNonNull(parser, "parser");
  }

  /** The object stored under {@code key}: the kept copy if still current, else parsed afresh. */
  public Optional<T> get(String key) {
    Optional<StateStore.Version> version = store.version(kind, key);
    if (version.isEmpty()) {
      parsed.remove(key);
      return Optional.empty();
    }
    Parsed<T> kept = parsed.get(key);
    if (kept != null && kept.version().equals(version.get())) {
      return Optional.of(kept.value());
    }
    Optional<T> read = store.read(kind, key).map(values -> parser.apply(key, values));
    read.ifPresent(value -> parsed.put(key, new Parsed<>(version.get(), value)));
    return read;
  }

  /** Keeps {@code value} as the object just written under {@code key}, at the file's version. */
  public void keep(String key, T value) {
    store.version(kind, key).ifPresent(v -> parsed.put(key, new Parsed<>(v, value)));
  }

  /**
   * Keeps {@code value} as the object under {@code key} at {@code version}: what {@link
   * StateStore#append} returned, so no {@code stat} is needed.
   */
  public void keep(String key, T value, StateStore.Version version) {
    parsed.put(key, new Parsed<>(Objects.requireNonNull(version, "version"), value));
  }

  /** Drops the kept copy of {@code key}. */
  public void forget(String key) {
    parsed.remove(key);
  }

  private record Parsed<T>(StateStore.Version version, T value) {}
}
