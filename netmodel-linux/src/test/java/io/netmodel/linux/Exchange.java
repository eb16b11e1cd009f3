package io.netmodel.linux;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * The contract suites' witness of published ports on the real kernel: a TCP or UDP server
 * opened inside one namespace answers with a token, and a client opened inside another
 * connects (or sends a datagram) to an address and port and checks that it reads that token
 * back. Sockets are created and connected inside {@link NamespaceHandle#call}, so they belong
 * to their namespaces; only the waiting happens outside.
 */
final class Exchange {
  private static final int TIMEOUT_MS = 1500;

  private Exchange() {}

  /**
   * Whether a server on {@code serverPort} in {@code server} answers a client in {@code from}
   * that talks to {@code address}:{@code port} over {@code protocol}.
   */
  static boolean answers(
      NamespaceHandle from,
      InetAddress address,
      int port,
      Protocol protocol,
      NamespaceHandle server,
      int serverPort) {
    String token = "netmodel-" + UUID.randomUUID();
    try {
      switch (protocol) {
        case TCP:
          return tcp(from, address, port, server, serverPort, token);
        case UDP:
          return udp(from, address, port, server, serverPort, token);
        default:
          throw new IllegalArgumentException("no witness for " + protocol);
      }
    } catch (Exception e) {
      throw new AssertionError("exchange with " + address.getHostAddress() + ":" + port + "/"
          + protocol + " failed to run: " + e, e);
    }
  }

  private static boolean tcp(
      NamespaceHandle from, InetAddress address, int port, NamespaceHandle server,
      int serverPort, String token) throws Exception {
    ServerSocket listening = server.call(() -> {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(serverPort));
      return s;
    });
    try {
      listening.setSoTimeout(TIMEOUT_MS * 2);
      Thread acceptor = new Thread(() -> {
        try (Socket accepted = listening.accept(); OutputStream out = accepted.getOutputStream()) {
          out.write(token.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // Nothing came (the expected outcome of a blocked path), or the test ended.
        }
      }, "exchange-tcp-" + serverPort);
      acceptor.setDaemon(true);
      acceptor.start();
      try {
        return from.call(() -> {
          try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
            client.setSoTimeout(TIMEOUT_MS);
            InputStream in = client.getInputStream();
            byte[] read = in.readNBytes(token.length());
            return new String(read, StandardCharsets.US_ASCII).equals(token);
          } catch (IOException e) {
            return false; // refused, timed out, unreachable
          }
        });
      } finally {
        listening.close();
        acceptor.join(TIMEOUT_MS * 3L);
      }
    } finally {
      listening.close();
    }
  }

  private static boolean udp(
      NamespaceHandle from, InetAddress address, int port, NamespaceHandle server,
      int serverPort, String token) throws Exception {
    DatagramSocket listening = server.call(() -> {
      DatagramSocket s = new DatagramSocket(null);
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(serverPort));
      return s;
    });
    try {
      listening.setSoTimeout(TIMEOUT_MS * 2);
      Thread echo = new Thread(() -> {
        try {
          DatagramPacket asked = new DatagramPacket(new byte[64], 64);
          listening.receive(asked);
          byte[] answer = token.getBytes(StandardCharsets.US_ASCII);
          listening.send(new DatagramPacket(answer, answer.length, asked.getSocketAddress()));
        } catch (IOException e) {
          // Nothing came, or the test ended.
        }
      }, "exchange-udp-" + serverPort);
      echo.setDaemon(true);
      echo.start();
      try {
        return from.call(() -> {
          try (DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(TIMEOUT_MS);
            byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(hello, hello.length, address, port));
            DatagramPacket reply = new DatagramPacket(new byte[64], 64);
            client.receive(reply);
            byte[] got = Arrays.copyOf(reply.getData(), reply.getLength());
            return new String(got, StandardCharsets.US_ASCII).equals(token);
          } catch (SocketTimeoutException e) {
            return false;
          } catch (IOException e) {
            return false; // unreachable (ICMP errors)
          }
        });
      } finally {
        listening.close();
        echo.join(TIMEOUT_MS * 3L);
      }
    } finally {
      listening.close();
    }
  }
}
