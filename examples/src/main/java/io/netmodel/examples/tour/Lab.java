package io.netmodel.examples.tour;

import io.netmodel.api.NetworkInfo;
import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.linux.LinuxNetworking;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The tour's throwaway world, all under one temporary directory: a namespace {@code
 * tour-host} that plays the machine (with {@code eth0} at the document's host address), a
 * namespace {@code tour-outside} that plays the rest of the network on the other end of that
 * link, and the {@link Networking} whose host is {@code tour-host}. The machine's own
 * namespace is never changed. The real kernel's {@link World}: {@code ip} shows and reads
 * the namespaces, real sockets make the exchanges.
 *
 * <p>{@link #finish} removes it all: the sandboxes (those sharing another's namespace first),
 * then the networks but the default one, then the namespaces' directory and files (or, with
 * {@code --keep}, it prints how to); it runs once, from the tour or from the shutdown hook on
 * Ctrl-C, whichever comes first. Thread-safe.
 */
final class Lab implements World {
  // util-linux's umount; by its full path when it is there, so that a bare PATH cannot strand
  // the mount.
  private static final String UMOUNT =
      Files.isExecutable(Path.of("/usr/bin/umount")) ? "/usr/bin/umount" : "umount";

  private final Path root;
  private final Path netnsDirectory;
  private final Path stateDirectory;
  private Networking scaffolding;
  private Networking networking;
  private NamespaceHandle host;
  private NamespaceHandle outside;
  private boolean finished;

  private Lab(Path root) {
    this.root = root;
    this.netnsDirectory = root.resolve("netns");
    this.stateDirectory = root.resolve("state");
  }

  /**
   * Makes the temporary directory the world will live in; {@link #build} fills it.
   *
   * @throws TourException if it cannot be made
   */
  static Lab open() {
    try {
      return new Lab(Files.createTempDirectory("netmodel-tour-").toAbsolutePath());
    } catch (IOException e) {
      throw new TourException("cannot make a temporary directory: " + e.getMessage(), e);
    }
  }

  @Override
  public String title() {
    return "netmodel tour: Docker's network modes, as the source document shows them,"
        + " on the real kernel";
  }

  @Override
  public List<String> whereItLives() {
    return List.of(
        "A throwaway namespace, tour-host, plays the document's machine at " + HOST_ADDRESS
            + ";",
        "tour-outside is the network at the other end of its eth0 (" + OUTSIDE_ADDRESS + ").",
        "Your own network is not touched. Everything lives under " + root + ".");
  }

  @Override
  public synchronized boolean isFinished() {
    return finished;
  }

  /**
   * Makes the namespaces and the Networking. On failure, {@link #finish} removes what was
   * made.
   *
   * @throws TourException or a netmodel exception when a step fails
   */
  @Override
  public synchronized void build() {
    if (finished) {
      throw new TourException("the tour was stopped");
    }
    // A first Networking, on the JVM's own namespace, makes the two namespaces that stand in
    // for the machine and its network; it creates namespaces and changes nothing else there.
    scaffolding =
        LinuxNetworking.builder()
            .stateDirectory(root.resolve("scaffolding"))
            .netnsDirectory(netnsDirectory)
            .build();
    scaffolding.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName(HOST_NAMESPACE));
    scaffolding.createSandbox(
        SandboxSpec.of(NetworkMode.parse("none")).withName(OUTSIDE_NAMESPACE));
    host = scaffolding.openNamespace(HOST_NAMESPACE);
    outside = scaffolding.openNamespace(OUTSIDE_NAMESPACE);
    Ip.run(
        host, "link", "add", UPLINK, "type", "veth", "peer", "name", UPLINK,
        "netns", namespaceFile(OUTSIDE_NAMESPACE).toString());
    Ip.run(host, "addr", "add", HOST_ADDRESS, "dev", UPLINK);
    Ip.run(host, "link", "set", UPLINK, "up");
    Ip.run(outside, "addr", "add", OUTSIDE_ADDRESS, "dev", UPLINK);
    Ip.run(outside, "link", "set", UPLINK, "up");
    networking =
        LinuxNetworking.builder()
            .stateDirectory(stateDirectory)
            .netnsDirectory(netnsDirectory)
            .hostNamespace(namespaceFile(HOST_NAMESPACE))
            .build();
  }

  @Override
  public Networking networking() {
    return networking;
  }

  @Override
  public NamespaceHandle host() {
    return host;
  }

  @Override
  public NamespaceHandle outside() {
    return outside;
  }

  @Override
  public String ip(NamespaceHandle ns, String... args) {
    return Ip.run(ns, args);
  }

  @Override
  public List<Interface> interfaces(NamespaceHandle ns) {
    return Ip.interfaces(ns);
  }

  @Override
  public List<RouteEntry> routes(NamespaceHandle ns) {
    return Ip.routeTable(ns);
  }

  @Override
  public List<LinkEntry> links(NamespaceHandle ns) {
    return Ip.links(ns);
  }

  /** Read from {@code /proc/sys/net} on a thread inside {@code ns}: it is per namespace. */
  @Override
  public String sysctl(NamespaceHandle ns, String key) {
    try {
      return ns.call(
          () -> {
            try {
              Path file = Path.of("/proc/sys/net").resolve(key);
              return Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
              return "unreadable (" + e.getMessage() + ")";
            }
          });
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }

  @Override
  public Optional<String> neighbour(NamespaceHandle ns, InetAddress address, String device) {
    return Ip.neighbour(ns, address.getHostAddress(), device);
  }

  @Override
  public Listener listen(NamespaceHandle ns, InetAddress address, int port, String greeting)
      throws Exception {
    return Tcp.listen(ns, address, port, greeting);
  }

  @Override
  public Listener listenTellingPeer(NamespaceHandle ns, InetAddress address, int port)
      throws Exception {
    return Tcp.listenTellingPeer(ns, address, port);
  }

  @Override
  public Tcp.Outcome connect(NamespaceHandle ns, InetAddress address, int port) {
    return Tcp.connect(ns, address, port);
  }

  Path root() {
    return root;
  }

  Path namespaceFile(String name) {
    return netnsDirectory.resolve(name);
  }

  /**
   * Ends the tour's world, once: removes everything, or with {@code keep} leaves it and prints
   * how to look around and how to remove it. A kept world is impossible inside the tour's own
   * user namespace, which ends with the tour; then it says so and removes everything.
   */
  @Override
  public synchronized void finish(Screen screen, boolean keep) {
    if (finished) {
      return;
    }
    finished = true;
    if (keep && !UserNamespaceLauncher.isRelaunched()) {
      closeHandles();
      screen.heading("Kept for exploring (--keep), in " + root);
      screen.line("Look inside, for example:");
      screen.line("  nsenter --net=" + namespaceFile("con1") + " ip addr");
      screen.line(
          "  netmodel --state-dir " + stateDirectory + " --netns-dir " + netnsDirectory + " ps");
      screen.line("Remove it all with:");
      for (String command : removalCommands()) {
        screen.line("  " + command);
      }
      screen.flush();
      return;
    }
    if (keep) {
      screen.blank();
      screen.line(
          "--keep: nothing can be kept, the tour ran in a user namespace of its own that ends"
              + " with it; removing everything");
    }
    Optional<String> problem = remove();
    if (problem.isPresent()) {
      screen.flush();
      System.err.println(
          "netmodel tour: could not remove everything (" + problem.get() + "); finish with: "
              + String.join(" && ", removalCommands()));
    }
  }

  /** The shell commands that remove a kept world. */
  List<String> removalCommands() {
    return List.of("umount -R " + netnsDirectory, "rm -rf " + root);
  }

  /** Removes everything; returns the first thing that went wrong, if any. */
  private synchronized Optional<String> remove() {
    List<String> problems = new ArrayList<>();
    closeHandles();
    removeEverything(networking, problems);
    removeEverything(scaffolding, problems);
    unmountDirectory(problems);
    deleteTree(problems);
    return problems.stream().findFirst();
  }

  private void closeHandles() {
    if (host != null) {
      host.close();
    }
    if (outside != null) {
      outside.close();
    }
  }

  /**
   * Removes what {@code net} made: its sandboxes, then its networks but the default one
   * (which cannot be removed; its bridge goes with the namespace it lives in), and closes it.
   */
  private static void removeEverything(Networking net, List<String> problems) {
    if (net == null) {
      return;
    }
    try {
      removeSandboxes(net, problems);
      removeNetworks(net, problems);
    } finally {
      net.close();
    }
  }

  private static void removeSandboxes(Networking net, List<String> problems) {
    try {
      List<Sandbox> all = net.sandboxes();
      // Sandboxes that share another's namespace go first.
      for (Sandbox sandbox : all) {
        if (sandbox.owner().isPresent()) {
          net.removeSandbox(sandbox.name());
        }
      }
      for (Sandbox sandbox : all) {
        if (sandbox.owner().isEmpty()) {
          net.removeSandbox(sandbox.name());
        }
      }
    } catch (RuntimeException e) {
      problems.add(Tour.describe(e));
    }
  }

  private static void removeNetworks(Networking net, List<String> problems) {
    try {
      for (NetworkInfo network : net.networks()) {
        if (!network.name().equals(NetworkMode.DEFAULT_BRIDGE)) {
          net.removeNetwork(network.id());
        }
      }
    } catch (RuntimeException e) {
      problems.add(Tour.describe(e));
    }
  }

  /** The namespace directory was made a mount point (as {@code ip netns} does): undo that. */
  private void unmountDirectory(List<String> problems) {
    if (!isMountPoint(netnsDirectory)) {
      return;
    }
    try {
      Process umount =
          new ProcessBuilder(UMOUNT, netnsDirectory.toString()).redirectErrorStream(true).start();
      umount.getOutputStream().close();
      String said = new String(umount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!umount.waitFor(10, TimeUnit.SECONDS) || umount.exitValue() != 0) {
        problems.add("umount " + netnsDirectory + ": " + said.strip());
      }
    } catch (IOException e) {
      problems.add("cannot run umount: " + TourException.reasonOf(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("interrupted while unmounting " + netnsDirectory);
    }
  }

  /** Whether {@code dir} is a mount point in this process's mount namespace. */
  static boolean isMountPoint(Path dir) {
    return MountTable.mountPoints().contains(dir.toString());
  }

  private void deleteTree(List<String> problems) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | UncheckedIOException e) {
      problems.add("cannot delete " + root + ": " + e.getMessage());
    }
  }
}
