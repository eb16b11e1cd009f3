package io.netmodel.linux;

import io.netmodel.api.Networking;
import io.netmodel.api.namespace.NamespaceHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/** The contract suites' reachability witness on the real kernel: {@code ping} from inside. */
final class Ping {
  private Ping() {}

  /** Whether one echo request from inside {@code sandbox} gets its reply within a second. */
  static boolean once(Networking net, String sandbox, InetAddress address) {
    String family = address instanceof Inet6Address ? "-6" : "-4";
    try (NamespaceHandle ns = net.openNamespace(sandbox)) {
      Process ping =
          ns.start(
              new ProcessBuilder("ping", family, "-c1", "-W1", address.getHostAddress())
                  .redirectErrorStream(true)
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD));
      if (!ping.waitFor(10, TimeUnit.SECONDS)) {
        ping.destroyForcibly();
        throw new AssertionError("ping " + address.getHostAddress() + " did not end in 10 s");
      }
      return ping.exitValue() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run ping (is iputils-ping installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while pinging", e);
    }
  }
}
