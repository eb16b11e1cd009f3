package io.netmodel.examples;

import io.netmodel.api.Networking;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.linux.LinuxNetworking;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Container mode: con2 joins con1's namespace, so the two share interfaces and ports and
 * talk over {@code lo}. A server socket made inside con1 is reached from inside con2.
 */
public final class ContainerModeExample {
  private ContainerModeExample() {}

  /** Returns what con2 read from con1's server over loopback. */
  public static String run(LinuxNetworking.Builder settings) throws Exception {
    try (Networking net = settings.build()) {
      net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("con1"));
      net.createSandbox(SandboxSpec.of(NetworkMode.parse("container:con1")).withName("con2"));
      try (NamespaceHandle con1 = net.openNamespace("con1");
          NamespaceHandle con2 = net.openNamespace("con2");
          // Made inside con1: it listens on con1's loopback for good.
          ServerSocket server =
              con1.call(() -> new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))) {
        Thread accept =
            new Thread(
                () -> {
                  try (Socket peer = server.accept()) {
                    new DataOutputStream(peer.getOutputStream()).writeUTF("hello from con1");
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        accept.start();
        String reply =
            con2.call(
                () -> {
                  try (Socket socket = new Socket()) {
                    socket.connect(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                        2000);
                    return new DataInputStream(socket.getInputStream()).readUTF();
                  }
                });
        accept.join();
        return reply;
      } finally {
        net.removeSandbox("con2");
        net.removeSandbox("con1");
      }
    }
  }

  public static void main(String[] args) throws Exception {
    System.out.println(run(LinuxNetworking.builder()));
  }
}
