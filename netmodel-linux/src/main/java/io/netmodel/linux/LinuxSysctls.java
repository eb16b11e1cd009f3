package io.netmodel.linux;

import io.netmodel.api.NotFoundException;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.core.kernel.Sysctls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Network sysctls of one namespace, read and written through {@code /proc/sys/net} from a
 * thread inside the namespace: procfs resolves {@code net} by the namespace of the task that
 * opens the file, so no program is started and nothing outside the namespace changes.
 */
final class LinuxSysctls implements Sysctls {
  private static final Path ROOT = Path.of("/proc/sys/net");
  /** More than any network sysctl's value (procfs hands out at most a page per read). */
  private static final int MAX_VALUE = 4096;

  private final NamespaceHandle namespace;

  LinuxSysctls(NamespaceHandle namespace) {
    this.namespace = namespace;
  }

  @Override
  public Optional<String> get(String key) {
    Path file = ROOT.resolve(Sysctls.checkKey(key));
    return inside(
        () -> {
          // One read from offset 0: procfs answers a sysctl read that starts anywhere else with
          // EOF, and Files.readString, seeing a size of 0, reads one byte and then from 1.
          try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[MAX_VALUE];
            int n = in.read(buffer);
            return Optional.of(
                n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII).trim());
          } catch (NoSuchFileException e) {
            return Optional.<String>empty();
          }
        });
  }

  @Override
  public void set(String key, String value) {
    Path file = ROOT.resolve(Sysctls.checkKey(key));
    if (value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("sysctl value must be one line: \"" + value + "\"");
    }
    inside(
        () -> {
          try {
            Files.writeString(
                file, value + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
          } catch (NoSuchFileException e) {
            throw new NotFoundException("sysctl", "net/" + key);
          }
          return null;
        });
  }

  private interface IoTask<T> {
    T run() throws IOException;
  }

  private <T> T inside(IoTask<T> task) {
    try {
      return namespace.call(task::run);
    } catch (IOException e) {
      throw new UncheckedIOException("sysctl in namespace " + namespace.id() + " failed", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("sysctl task failed", e);
    }
  }
}
