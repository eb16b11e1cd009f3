package io.netmodel.examples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A TCP server for the published-port tests, run as its own JVM inside a sandbox (by {@code
 * netmodel exec} or {@code netmodel run}), since the tests' JVM cannot enter a namespace and
 * CI has no {@code nc} or python: {@code PortServer PORT GREETING COUNT} listens on every
 * address at PORT, prints {@code listening on PORT}, answers each of COUNT connections with
 * {@code GREETING, you are PEER_ADDRESS} and exits; it gives up (status 2) after {@link
 * #IDLE_MILLIS} without a connection, so a failed test leaves no server behind.
 */
public final class PortServer {
  static final int IDLE_MILLIS = 60_000;

  private PortServer() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    String greeting = args[1];
    int count = Integer.parseInt(args[2]);
    PrintStream out = System.out;
    try (ServerSocket server = new ServerSocket()) {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(port));
      server.setSoTimeout(IDLE_MILLIS);
      out.println("listening on " + port);
      out.flush();
      for (int served = 0; served < count; served++) {
        try (Socket peer = server.accept()) {
          OutputStream reply = peer.getOutputStream();
          String address = peer.getInetAddress().getHostAddress();
          reply.write(
              (greeting + ", you are " + address + "\n").getBytes(StandardCharsets.UTF_8));
          reply.flush();
        }
      }
    } catch (SocketTimeoutException e) {
      System.err.println("PortServer: no connection in " + IDLE_MILLIS + " ms");
      System.exit(2);
    }
  }

  /** The command line that runs this server with the test JVM's own java. */
  static List<String> command(int port, String greeting, int count) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classes;
    try {
      classes =
          Path.of(PortServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("where are the test classes?", e);
    }
    return List.of(
        java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classes,
        PortServer.class.getName(), Integer.toString(port), greeting, Integer.toString(count));
  }
}
