package io.netmodel.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code netmodel version}. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print netmodel's version, and the Java and kernel it runs on.")
final class VersionCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    for (String line : lines()) {
      System.out.println(line);
    }
    return 0;
  }

  static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties missing from the netmodel jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }

  static String[] lines() {
    return new String[] {
      "netmodel " + version(),
      "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
      "kernel " + System.getProperty("os.name") + " " + System.getProperty("os.version")
    };
  }

  /** Serves {@code --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return lines();
    }
  }
}
