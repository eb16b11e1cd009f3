package io.netmodel.core.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * netmodel's persisted state: one small properties file per object, grouped by kind
 * ({@code sandboxes/web.properties}), in a state directory shared by every process that
 * uses it. The files are in {@link java.util.Properties}' format, written and read by a codec
 * of this package that costs one pass over a few hundred bytes ({@code Properties} itself
 * allocates 8 KiB buffers per file and formats a date).
 *
 * <p>Writes replace a file atomically (write a temporary file, rename it over the old one), so
 * a reader never sees half a file, and a process that dies midway leaves the old file or the
 * new one. Writes are not forced to the disk: what the state describes (namespaces, links,
 * firewall rules) does not survive a reboot either, so an fsync per write (milliseconds on a
 * disk, most of an attach) would buy nothing; a crash of the process loses nothing the page
 * cache holds. {@link #locked} holds an exclusive lock on the directory's
 * {@code lock} file and, within this JVM, a lock per directory, so a read-check-write
 * sequence is safe across threads and processes. Thread-safe.
 */
public final class StateStore {
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
  private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}");
  private static final String SUFFIX = ".properties";
  private static final Set<StandardOpenOption> NEW_FILE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  /** Appends write at the file's end as {@link #locked} found it: no O_APPEND, so it can read. */
  private static final Set<StandardOpenOption> APPEND =
      Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  /** Files readable by their owner only, where the file system has POSIX permissions. */
  private static final FileAttribute<?>[] OWNER_ONLY =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
          ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
          }
          : new FileAttribute<?>[0];

  private final Path directory;
  private final ReentrantLock jvmLock;
  /** The kinds' directories this store has made or seen, so a write does not make them again. */
  private final Set<Path> madeDirectories = ConcurrentHashMap.newKeySet();

  private StateStore(Path directory) {
    this.directory = directory;
    this.jvmLock = JVM_LOCKS.computeIfAbsent(directory, d -> new ReentrantLock());
  }

  /**
   * Opens (creating if needed) the state directory.
   *
   * @throws UncheckedIOException if it cannot be created
   */
  public static StateStore open(Path directory) {
    Path absolute = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create state directory " + absolute, e);
    }
    return new StateStore(absolute);
  }

  /** The state directory. */
  public Path directory() {
    return directory;
  }

  /**
   * Runs {@code action} holding the store's exclusive lock (this JVM's threads and other
   * processes wait). Reentrant within one thread.
   */
  public <T> T locked(Supplier<T> action) {
    jvmLock.lock();
    try {
      if (jvmLock.getHoldCount() > 1) {
        return action.get();
      }
      try (FileChannel channel =
          FileChannel.open(
              directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = channel.lock();
        try {
          return action.get();
        } finally {
          lock.release();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock state directory " + directory, e);
      }
    } finally {
      jvmLock.unlock();
    }
  }

  /**
   * Reads one object of {@code kind}; empty when there is none. A last line without its line end
   * (an {@link #append} cut short, or one being written) is not read: every file this store
   * writes ends with a line end.
   */
  public Optional<Map<String, String>> read(String kind, String key) {
    Path file = file(kind, key);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try {
      return Optional.of(Collections.unmodifiableMap(PropertiesText.decode(wholeLines(bytes))));
    } catch (IllegalArgumentException e) {
      throw new UncheckedIOException(
          "cannot read " + file, new IOException(e.getMessage(), e));
    }
  }

  /**
   * Whether one object of {@code kind} exists: one {@code stat}, where {@link #read} would make
   * an exception of a missing file.
   */
  public boolean exists(String kind, String key) {
    return Files.exists(file(kind, key));
  }

  /** Writes one object of {@code kind}, replacing it atomically. */
  public void write(String kind, String key, Map<String, String> values) {
    Path file = file(kind, key);
    byte[] bytes = PropertiesText.encode(values);
    Path parent = file.getParent();
    try {
      makeDirectory(parent);
      Path temp = writeTemporary(parent, key, bytes);
      try {
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(temp);
        throw e;
      }
    } catch (IOException e) {
      madeDirectories.remove(parent);
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Adds {@code values} to one object of {@code kind} as lines at the end of its file (made if
   * there is none); when the object is read, a key's later line wins over its earlier ones. A
   * change of a few lines to a large object costs a few lines, where {@link #write} writes it
   * whole. Not atomic as {@link #write} is, so call it within {@link #locked}: a reader sees
   * every earlier append, and of one being written nothing or its first whole lines. A file whose
   * last line has no line end (an append cut short by a crash) is first rewritten without that
   * line, atomically, with {@code values} added.
   *
   * @return the object's version after the append: its size has grown, or its identity changed
   */
  public Version append(String kind, String key, Map<String, String> values) {
    Path file = file(kind, key);
    byte[] bytes = PropertiesText.encode(values);
    Path parent = file.getParent();
    try {
      makeDirectory(parent);
      boolean appended = false;
      try (FileChannel channel = FileChannel.open(file, APPEND, OWNER_ONLY)) {
        long size = channel.size();
        if (size == 0 || endsWithLineEnd(channel, size)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          for (long at = size; buffer.hasRemaining(); ) {
            at += channel.write(buffer, at);
          }
          appended = true;
        }
      }
      if (!appended) {
        Map<String, String> repaired = new TreeMap<>(read(kind, key).orElse(Map.of()));
        repaired.putAll(values);
        write(kind, key, repaired);
      }
    } catch (IOException e) {
      madeDirectories.remove(parent);
      throw new UncheckedIOException("cannot append to " + file, e);
    }
    return version(kind, key)
        .orElseThrow(
            () -> new UncheckedIOException(
                "cannot append to " + file, new IOException("removed while appended to")));
  }

  private static boolean endsWithLineEnd(FileChannel channel, long size) throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    return channel.read(last, size - 1) == 1 && last.get(0) == '\n';
  }

  /** The bytes up to the last line end: a last line without one is not whole. */
  private static byte[] wholeLines(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
  }

  private void makeDirectory(Path parent) throws IOException {
    if (!madeDirectories.contains(parent)) {
      Files.createDirectories(parent);
      madeDirectories.add(parent);
    }
  }

  /**
   * A new file {@code .KEY.RANDOM.tmp} beside the object's, holding {@code bytes}. The directory
   * is made again should it have been removed since this store made it.
   */
  private Path writeTemporary(Path parent, String key, byte[] bytes) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path temp =
          parent.resolve(
              "." + key + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
      try (SeekableByteChannel out = Files.newByteChannel(temp, NEW_FILE, OWNER_ONLY)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        return temp;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 10) {
          throw e;
        }
      } catch (NoSuchFileException e) {
        if (attempt >= 1) {
          throw e;
        }
        Files.createDirectories(parent);
      }
    }
  }

  /**
   * Which version of one object the directory holds: the file's identity (device and inode),
   * modification time and size, which every {@link #write} changes (it renames a new file into
   * place); empty when there is none. One {@code stat}, for callers that cache what they read
   * and must notice another process's write.
   */
  public Optional<Version> version(String kind, String key) {
    Path file = file(kind, key);
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return Optional.of(new Version(
          Optional.ofNullable(attributes.fileKey()), attributes.lastModifiedTime(),
          attributes.size()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + file, e);
    }
  }

  /**
   * One version of a stored object, as {@link #version} reads it.
   *
   * @param identity the file's identity (device and inode where the file system has them)
   * @param modified its modification time
   * @param size its size in bytes
   */
  public record Version(Optional<Object> identity, FileTime modified, long size) {
    public Version {
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(modified, "modified");
    }
  }

  /** Deletes one object; false when there was none. */
  public boolean delete(String kind, String key) {
    Path file = file(kind, key);
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  /** The keys of every object of {@code kind}, sorted. */
  public List<String> keys(String kind) {
    Path dir = directory.resolve(checkKey(kind));
    List<String> keys = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return keys;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        keys.add(name.substring(0, name.length() - SUFFIX.length()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    Collections.sort(keys);
    return keys;
  }

  private Path file(String kind, String key) {
    return directory.resolve(checkKey(kind)).resolve(checkKey(key) + SUFFIX);
  }

  private static String checkKey(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "state key must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: \"" + key + "\"");
    }
    return key;
  }
}
