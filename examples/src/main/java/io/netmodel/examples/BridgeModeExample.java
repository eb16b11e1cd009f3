package io.netmodel.examples;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.linux.LinuxNetworking;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Bridge mode: two sandboxes on a bridge network of their own, each with an {@code eth0} on
 * the network's subnet; one listens, the other connects to its address.
 */
public final class BridgeModeExample {
  private BridgeModeExample() {}

  /** What happened: each sandbox's address, and what the client read from the server. */
  public record Outcome(String serverAddress, String clientAddress, String greeting) {}

  /** Makes network "web" and sandboxes "web1" and "web2"; web2 greets web1; removes it all. */
  public static Outcome run(LinuxNetworking.Builder settings) throws Exception {
    try (Networking net = settings.build()) {
      net.createNetwork(BridgeNetworkSpec.builder("web").build()); // next free pool: 172.18.0.0/16
      try {
        Sandbox server = net.createSandbox(SandboxSpec.of(net.parseMode("web")).withName("web1"));
        Sandbox client = net.createSandbox(SandboxSpec.of(net.parseMode("web")).withName("web2"));
        InetAddress serverAddress = server.endpoints().get(0).addresses().get(0).address();
        try (NamespaceHandle serverNs = net.openNamespace("web1");
            NamespaceHandle clientNs = net.openNamespace("web2");
            // A socket belongs to the namespace it is made in: make each inside its sandbox.
            ServerSocket listener = serverNs.call(() -> new ServerSocket(8080, 1, serverAddress))) {
          Thread greeter =
              new Thread(
                  () -> {
                    try (Socket s = listener.accept(); OutputStream out = s.getOutputStream()) {
                      out.write("hello from web1\n".getBytes(StandardCharsets.UTF_8));
                    } catch (Exception e) {
                      throw new IllegalStateException("web1 could not greet", e);
                    }
                  });
          greeter.start();
          // A java.net.Socket makes its descriptor on connect: connect inside the sandbox too.
          Socket socket =
              clientNs.call(
                  () -> {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(serverAddress, 8080), 5000);
                    return s;
                  });
          try (socket) {
            BufferedReader in =
                new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String greeting = in.readLine();
            greeter.join(5000);
            return new Outcome(
                serverAddress.getHostAddress(),
                client.endpoints().get(0).addresses().get(0).toString(),
                greeting);
          }
        } finally {
          net.removeSandbox("web2");
          net.removeSandbox("web1");
        }
      } finally {
        net.removeNetwork("web");
      }
    }
  }

  public static void main(String[] args) throws Exception {
    System.out.println(run(LinuxNetworking.builder()));
  }
}
