package io.netmodel.examples.tour;

import io.netmodel.api.Networking;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.Protocol;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.KernelFeature;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Route;
import io.netmodel.testkit.FakeNetworking;
import io.netmodel.testkit.kernel.FakeKernel;
import io.netmodel.testkit.kernel.Reachability;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The tour's world on the testkit's fake kernel ({@code netmodel tour --fake}): the same
 * topology as {@link Lab}, made through the kernel port ({@code tour-outside} a namespace of
 * the fake, the fake's host namespace playing {@code tour-host}, a veth between their {@code
 * eth0}s at the document's addresses), and a {@link FakeNetworking} on that kernel, so the
 * chapters run netmodel's own engine and drivers as on Linux. Nothing of the machine is
 * touched but netmodel's state, kept in a temporary directory removed at the end.
 *
 * <p>The fake kernel declares the drivers of a typical distribution kernel ({@link
 * #FEATURES}), whatever this machine has. {@code ip} output is rendered from the port
 * ({@link FakeIp}). The fake runs no server: a listener is a record of what would listen, and
 * a connection is answered when {@link FakeKernel#reach(NamespaceHandle, InetAddress, int,
 * Protocol)} says it arrives, at that listener's namespace and port, and the reply comes back;
 * what a server would tell its peer is the address the fake's answer sends the reply to (after
 * any NAT). A neighbour entry is what address resolution would find: the link-layer address
 * of the link that owns the address at the end of an on-link path. Thread-safe.
 */
final class FakeLab implements World {
  /** The drivers of a typical distribution kernel, ipvlan included. */
  static final Set<KernelFeature> FEATURES = EnumSet.allOf(KernelFeature.class);
  /** Where ports asked for as "any" start, as Linux's default ip_local_port_range does. */
  private static final int FIRST_EPHEMERAL_PORT = 32768;

  private final FakeKernel kernel;
  private final FakeIp ip;
  private final List<FakeListener> listeners = new ArrayList<>();
  private Networking networking;
  private NamespaceHandle host;
  private NamespaceHandle outside;
  private boolean finished;

  private FakeLab(FakeKernel kernel) {
    this.kernel = kernel;
    this.ip = new FakeIp(kernel);
  }

  /** A fake kernel with {@link #FEATURES}; {@link #build} lays the tour's world on it. */
  static FakeLab create() {
    return new FakeLab(FakeKernel.builder().features(FEATURES).build());
  }

  @Override
  public String title() {
    return "netmodel tour: Docker's network modes, as the source document shows them,"
        + " on the testkit's fake kernel: nothing on this machine is touched";
  }

  @Override
  public List<String> whereItLives() {
    String drivers =
        FEATURES.stream().map(KernelFeature::kernelName).collect(Collectors.joining(", "));
    return List.of(
        "The testkit's fake kernel, in this JVM's memory, stands in for Linux: no root, and no",
        "namespace, interface or rule of this machine. Its host namespace plays the document's",
        "machine, tour-host, at " + HOST_ADDRESS + "; tour-outside is the network at the other",
        "end of its eth0 (" + OUTSIDE_ADDRESS + "). It has the drivers of a typical kernel,",
        "whatever this machine has: " + drivers + ".",
        "What ip prints is rendered from the fake's links, addresses and routes; a connection",
        "is answered when the fake's reachability says it arrives at a listener, and what that",
        "listener sees as its peer is where the fake sends the reply. netmodel's own state is",
        "kept in a temporary directory, removed at the end.");
  }

  @Override
  public synchronized void build() {
    if (finished) {
      throw new TourException("the tour was stopped");
    }
    host = kernel.namespaces().host();
    outside = kernel.namespaces().create(OUTSIDE_NAMESPACE);
    setUp(outside, "lo");
    InterfaceName uplink = InterfaceName.of(UPLINK);
    kernel.links(host).add(
        new LinkSpec.Veth(uplink, LinkOptions.none(), uplink, outside, LinkOptions.none()));
    kernel.addresses(host).add(AddressEntry.of(index(host, UPLINK), IpPrefix.parse(HOST_ADDRESS)));
    setUp(host, UPLINK);
    kernel.addresses(outside).add(
        AddressEntry.of(index(outside, UPLINK), IpPrefix.parse(OUTSIDE_ADDRESS)));
    setUp(outside, UPLINK);
    networking = FakeNetworking.builder().kernel(kernel).build();
  }

  private void setUp(NamespaceHandle ns, String name) {
    kernel.links(ns).change(index(ns, name), LinkChange.setUp());
  }

  private int index(NamespaceHandle ns, String name) {
    return kernel.links(ns).get(InterfaceName.of(name))
        .map(Link::index)
        .orElseThrow(() -> new TourException("the fake kernel has no " + name + " in " + ns));
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
    return ip.run(ns, args);
  }

  @Override
  public List<Interface> interfaces(NamespaceHandle ns) {
    List<AddressEntry> addresses = kernel.addresses(ns).list();
    List<Interface> result = new ArrayList<>();
    for (Link link : kernel.links(ns).list()) {
      List<String> on = new ArrayList<>();
      for (boolean ipv4 : new boolean[] {true, false}) {
        for (AddressEntry address : addresses) {
          if (address.index() == link.index() && address.prefix().isIpv4() == ipv4) {
            on.add(address.prefix().toString());
          }
        }
      }
      result.add(new Interface(link.name(), on));
    }
    return result;
  }

  @Override
  public List<RouteEntry> routes(NamespaceHandle ns) {
    List<RouteEntry> result = new ArrayList<>();
    for (Route route : FakeIp.inTableOrder(kernel.routes(ns).list())) {
      if (route.destination().isIpv4()) {
        result.add(
            new RouteEntry(
                route.isDefault() ? "default" : route.destination().toString(),
                route.gateway().map(IpAddresses::toString),
                route.device().isPresent() ? nameOf(ns, route.device().getAsInt()) : ""));
      }
    }
    return result;
  }

  @Override
  public List<LinkEntry> links(NamespaceHandle ns) {
    List<LinkEntry> result = new ArrayList<>();
    for (Link link : kernel.links(ns).list()) {
      result.add(
          new LinkEntry(
              link.index(),
              link.name(),
              link.kind().orElse(""),
              link.macAddress().map(Object::toString).orElse(""),
              link.link(),
              link.master().isPresent()
                  ? Optional.of(nameOf(ns, link.master().getAsInt()))
                  : Optional.empty()));
    }
    return result;
  }

  private String nameOf(NamespaceHandle ns, int index) {
    return kernel.links(ns).get(index).map(Link::name).orElse("if" + index);
  }

  @Override
  public String sysctl(NamespaceHandle ns, String key) {
    return kernel.sysctls(ns).get(key).orElse("(no such key)");
  }

  @Override
  public Optional<String> neighbour(NamespaceHandle ns, InetAddress address, String device) {
    Reachability answer = kernel.reach(ns, address);
    if (!answer.reachable() || answer.destination().isEmpty() || answer.path().isEmpty()) {
      return Optional.empty();
    }
    String firstHop = answer.path().get(0);
    if (!firstHop.endsWith(" dev " + device) || firstHop.contains(" via ")) {
      return Optional.empty(); // not on-link out of device: no entry for it there
    }
    NamespaceId owner = answer.destination().get();
    if (owner.equals(host.id())) {
      return macOwning(host, address);
    }
    for (String name : kernel.namespaces().list()) {
      try (NamespaceHandle candidate = kernel.namespaces().open(name)) {
        if (candidate.id().equals(owner)) {
          return macOwning(candidate, address);
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> macOwning(NamespaceHandle ns, InetAddress address) {
    return kernel.addresses(ns).list().stream()
        .filter(a -> a.prefix().address().equals(address))
        .findFirst()
        .flatMap(a -> kernel.links(ns).get(a.index()))
        .flatMap(Link::macAddress)
        .map(Object::toString);
  }

  @Override
  public Listener listen(NamespaceHandle ns, InetAddress address, int port, String greeting) {
    return register(ns, address, port, peer -> greeting);
  }

  @Override
  public Listener listenTellingPeer(NamespaceHandle ns, InetAddress address, int port) {
    return register(ns, address, port, peer -> Tcp.YOU_ARE + IpAddresses.toString(peer));
  }

  /**
   * Records a listener, refusing what {@code bind} would refuse: an address that is not the
   * namespace's, a port taken.
   */
  private synchronized Listener register(
      NamespaceHandle ns, InetAddress address, int port, Function<InetAddress, String> answer) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
    String where = IpAddresses.toString(address) + ":" + port + " in " + ns;
    if (!address.isAnyLocalAddress() && !isLocal(ns, address)) {
      throw new TourException("bind " + where + ": Cannot assign requested address");
    }
    int chosen = port == 0 ? freePort(ns.id()) : port;
    if (isTaken(ns.id(), chosen)) {
      throw new TourException("bind " + where + ": Address already in use");
    }
    FakeListener listener = new FakeListener(ns.id(), address, chosen, answer);
    listeners.add(listener);
    return listener;
  }

  private boolean isLocal(NamespaceHandle ns, InetAddress address) {
    for (AddressEntry entry : kernel.addresses(ns).list()) {
      IpPrefix prefix = entry.prefix();
      if (prefix.address().equals(address)
          || (address.isLoopbackAddress() && prefix.address().isLoopbackAddress()
              && prefix.contains(address))) {
        return true;
      }
    }
    return false;
  }

  private int freePort(NamespaceId ns) {
    int port = FIRST_EPHEMERAL_PORT;
    while (isTaken(ns, port)) {
      port++;
    }
    return port;
  }

  private boolean isTaken(NamespaceId ns, int port) {
    return listeners.stream().anyMatch(l -> l.namespace().equals(ns) && l.port() == port);
  }

  @Override
  public synchronized Tcp.Outcome connect(NamespaceHandle ns, InetAddress address, int port) {
    Reachability answer = kernel.reach(ns, address, port, Protocol.TCP);
    if (!answer.reachable() || answer.destination().isEmpty()) {
      return new Tcp.Outcome(false, answer.reason());
    }
    NamespaceId at = answer.destination().get();
    int arrivedAt = answer.destinationPort().orElse(port);
    InetAddress deliveredTo = deliveredTo(answer);
    for (FakeListener listener : listeners) {
      if (listener.namespace().equals(at)
          && listener.port() == arrivedAt
          && (listener.address().isAnyLocalAddress()
              || listener.address().equals(deliveredTo))) {
        return new Tcp.Outcome(true, listener.answer().apply(peerOf(answer)));
      }
    }
    return new Tcp.Outcome(false, "Connection refused");
  }

  /** The address the request was delivered to: the fake's {@code "X: ADDRESS is local"}. */
  private static InetAddress deliveredTo(Reachability answer) {
    String suffix = " is local";
    List<String> path = answer.path();
    int reply = 0;
    while (reply < path.size() && !path.get(reply).startsWith("the reply from ")) {
      reply++;
    }
    for (int i = reply - 1; i >= 0; i--) {
      String step = path.get(i);
      if (step.endsWith(suffix)) {
        String head = step.substring(0, step.length() - suffix.length());
        return IpAddresses.parse(head.substring(head.lastIndexOf(' ') + 1));
      }
    }
    throw new TourException("the fake kernel's answer names no delivery: " + answer);
  }

  /** Where the reply goes: the peer as the server saw it, from {@code "the reply from X to A:"}. */
  private static InetAddress peerOf(Reachability answer) {
    String prefix = "the reply from ";
    for (String step : answer.path()) {
      if (step.startsWith(prefix) && step.endsWith(":")) {
        String head = step.substring(0, step.length() - 1);
        return IpAddresses.parse(head.substring(head.lastIndexOf(" to ") + " to ".length()));
      }
    }
    throw new TourException("the fake kernel's answer names no reply: " + answer);
  }

  @Override
  public synchronized boolean isFinished() {
    return finished;
  }

  /**
   * Closes the Networking (which deletes its temporary state directory) and the kernel.
   * Nothing can be kept: the fake kernel ends with this JVM.
   */
  @Override
  public synchronized void finish(Screen screen, boolean keep) {
    if (finished) {
      return;
    }
    finished = true;
    if (keep) {
      screen.blank();
      screen.line(
          "--keep: nothing can be kept, the fake kernel lives in this JVM's memory and ends"
              + " with it");
    }
    listeners.clear();
    try {
      if (networking != null) {
        networking.close();
      }
    } finally {
      kernel.close();
    }
  }

  /**
   * What would listen: the namespace, the address and port bound, and what it answers.
   * Closing it frees the port.
   */
  private final class FakeListener implements Listener {
    private final NamespaceId namespace;
    private final InetAddress address;
    private final int port;
    private final Function<InetAddress, String> answer;

    FakeListener(
        NamespaceId namespace, InetAddress address, int port,
        Function<InetAddress, String> answer) {
      this.namespace = namespace;
      this.address = address;
      this.port = port;
      this.answer = answer;
    }

    NamespaceId namespace() {
      return namespace;
    }

    InetAddress address() {
      return address;
    }

    @Override
    public int port() {
      return port;
    }

    Function<InetAddress, String> answer() {
      return answer;
    }

    @Override
    public void close() {
      synchronized (FakeLab.this) {
        listeners.remove(this);
      }
    }
  }
}
