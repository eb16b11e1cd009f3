package io.netmodel.examples.tour;

import io.netmodel.api.namespace.NamespaceHandle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Real TCP connections between namespaces: a server made inside one namespace (so it
 * listens there for good), a client made inside another. The accepting thread is started
 * from the caller's thread, never from a namespace thread.
 */
final class Tcp {
  private static final int TIMEOUT_MILLIS = 3000;
  /** What {@link #listenTellingPeer} answers, before the address. */
  static final String YOU_ARE = "you are ";

  private Tcp() {}

  /**
   * A server listening inside a namespace, answering each connection with one line made from
   * the address the connection came from.
   */
  static final class Server implements World.Listener {
    private final ServerSocket socket;
    private final Thread acceptor;

    private Server(ServerSocket socket, Function<InetAddress, String> answer) {
      this.socket = socket;
      this.acceptor = new Thread(() -> serve(answer), "tour-server-" + socket.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
    }

    @Override
    public int port() {
      return socket.getLocalPort();
    }

    private void serve(Function<InetAddress, String> answer) {
      while (!socket.isClosed()) {
        try (Socket peer = socket.accept()) {
          OutputStream out = peer.getOutputStream();
          String line = answer.apply(peer.getInetAddress());
          out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        } catch (IOException e) {
          // Closed, or a peer gone: either way, nothing to answer.
        }
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing a listening socket has nothing to report.
      }
    }
  }

  /**
   * Starts a server inside {@code ns} on {@code address:port} (port 0: any) that answers
   * every connection with {@code greeting}.
   */
  static Server listen(NamespaceHandle ns, InetAddress address, int port, String greeting)
      throws Exception {
    return listen(ns, address, port, peer -> greeting);
  }

  /**
   * Starts a server inside {@code ns} on {@code address:port} (port 0: any) that tells every
   * connection the address it came from: {@code you are 192.168.77.2}. What it says is the
   * source address as the server's namespace saw it, after any NAT on the way.
   */
  static Server listenTellingPeer(NamespaceHandle ns, InetAddress address, int port)
      throws Exception {
    return listen(ns, address, port, peer -> YOU_ARE + peer.getHostAddress());
  }

  private static Server listen(
      NamespaceHandle ns, InetAddress address, int port, Function<InetAddress, String> answer)
      throws Exception {
    ServerSocket socket =
        ns.call(
            () -> {
              ServerSocket server = new ServerSocket();
              server.setReuseAddress(true);
              server.bind(new InetSocketAddress(address, port), 8);
              return server;
            });
    return new Server(socket, answer);
  }

  /**
   * Connects from inside {@code ns} to {@code address:port} and reads one line: the reply,
   * or why there was none (the kernel's words, for example {@code Network is unreachable}).
   */
  static Outcome connect(NamespaceHandle ns, InetAddress address, int port) {
    try {
      String reply =
          ns.call(
              () -> {
                try (Socket socket = new Socket()) {
                  socket.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
                  socket.setSoTimeout(TIMEOUT_MILLIS);
                  BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                  String line = in.readLine();
                  return line == null ? "" : line;
                }
              });
      return new Outcome(true, reply);
    } catch (SocketTimeoutException e) {
      return new Outcome(false, "no answer in " + TIMEOUT_MILLIS + " ms");
    } catch (IOException e) {
      return new Outcome(false, reasonOf(e));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      return new Outcome(false, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** The kernel's reason without Java's decoration, e.g. {@code Network is unreachable}. */
  private static String reasonOf(IOException e) {
    String message = String.valueOf(e.getMessage());
    int paren = message.indexOf(" (");
    return paren > 0 ? message.substring(0, paren) : message;
  }

  /** What a connection attempt got: the reply line, or the reason it failed. */
  record Outcome(boolean connected, String text) {}
}
