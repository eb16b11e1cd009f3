package io.netmodel.linux;

import io.netmodel.api.NotFoundException;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.core.kernel.Sysctls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;

/**
 * Network sysctls of one namespace through {@code /proc/sys/net}. procfs resolves {@code net}
 * by the namespace of the task that opens the file, so a file is opened from a thread inside the
 * namespace, or, for the IPv6 sysctls of a namespace whose {@code /proc/sys/net/ipv6} the port
 * holds open ({@link SysctlDirectory}), through that directory from the calling thread, which
 * saves the trip to a namespace thread. No program is started and nothing outside the namespace
 * changes.
 */
final class LinuxSysctls implements Sysctls {
  private static final Path ROOT = Path.of("/proc/sys/net");
  /** More than any network sysctl's value (procfs hands out at most a page per read). */
  private static final int MAX_VALUE = 4096;
  private static final Set<StandardOpenOption> READ = Set.of(StandardOpenOption.READ);
  private static final Set<StandardOpenOption> WRITE = Set.of(StandardOpenOption.WRITE);

  /** Opens a namespace's sysctl file from the calling thread, where that can be done. */
  @FunctionalInterface
  interface DirectFiles {
    /**
     * The file of {@code key} (relative to {@code /proc/sys/net}) opened with {@code options}, or
     * null when it can only be reached from inside the namespace.
     */
    FileChannel open(String key, Set<? extends OpenOption> options) throws IOException;
  }

  private final NamespaceHandle namespace;
  private final DirectFiles direct;

  /** Sysctls reached from inside {@code namespace} only. */
  LinuxSysctls(NamespaceHandle namespace) {
    this(namespace, (key, options) -> null);
  }

  LinuxSysctls(NamespaceHandle namespace, DirectFiles direct) {
    this.namespace = namespace;
    this.direct = direct;
  }

  @Override
  public Optional<String> get(String key) {
    String checked = Sysctls.checkKey(key);
    return io(
        checked,
        READ,
        file -> {
          // One read from offset 0: procfs answers a sysctl read that starts anywhere else with
          // EOF.
          ByteBuffer buffer = ByteBuffer.allocate(MAX_VALUE);
          int n = file.read(buffer);
          return Optional.of(
              n <= 0
                  ? ""
                  : new String(buffer.array(), 0, n, StandardCharsets.US_ASCII).trim());
        },
        Optional.empty());
  }

  @Override
  public void set(String key, String value) {
    String checked = Sysctls.checkKey(key);
    if (value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("sysctl value must be one line: \"" + value + "\"");
    }
    byte[] line = (value + "\n").getBytes(StandardCharsets.US_ASCII);
    Boolean written =
        io(
            checked,
            WRITE,
            file -> {
              file.write(ByteBuffer.wrap(line)); // procfs takes a sysctl's value in one write
              return Boolean.TRUE;
            },
            Boolean.FALSE);
    if (!written) {
      throw new NotFoundException("sysctl", "net/" + key);
    }
  }

  private interface FileTask<T> {
    T run(FileChannel file) throws IOException;
  }

  /**
   * Runs {@code task} on the file of {@code key}: opened directly when it can be, else from a
   * thread inside the namespace. {@code missing} when there is no such file.
   */
  private <T> T io(String key, Set<StandardOpenOption> options, FileTask<T> task, T missing) {
    try {
      FileChannel opened = direct.open(key, options);
      if (opened != null) {
        try (FileChannel file = opened) {
          return task.run(file);
        }
      }
    } catch (NoSuchFileException e) {
      return missing;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "sysctl " + key + " in namespace " + namespace.id() + " failed", e);
    }
    Path path = ROOT.resolve(key);
    try {
      return namespace.call(
          () -> {
            try (FileChannel file = FileChannel.open(path, options)) {
              return task.run(file);
            } catch (NoSuchFileException e) {
              return missing;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("sysctl in namespace " + namespace.id() + " failed", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("sysctl task failed", e);
    }
  }
}
