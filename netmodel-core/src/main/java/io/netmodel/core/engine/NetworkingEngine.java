package io.netmodel.core.engine;

import io.netmodel.api.ConflictException;
import io.netmodel.api.Endpoint;
import io.netmodel.api.NetworkInfo;
import io.netmodel.api.Networking;
import io.netmodel.api.NotFoundException;
import io.netmodel.api.PolicyException;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.Bridge;
import io.netmodel.api.mode.Container;
import io.netmodel.api.mode.Host;
import io.netmodel.api.mode.Ipvlan;
import io.netmodel.api.mode.Macvlan;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.mode.None;
import io.netmodel.api.mode.Overlay;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.PortMapping;
import io.netmodel.api.mode.EndpointOptions;
import io.netmodel.api.network.BridgeNetworkSpec;
import io.netmodel.api.network.NetworkSpec;
import io.netmodel.core.ipam.Ipam;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.state.ParsedObjects;
import io.netmodel.core.state.StateStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Networking} on any {@link Kernel} port: the same code runs on the real kernel and
 * on the testkit's fake. Sandboxes and networks are persisted in a {@link StateStore}, so
 * engines in other processes on the same state directory see them.
 *
 * <p>Modes: {@code host} uses the port's host namespace (unless the {@link Policy} refuses
 * it); {@code none} creates a named namespace with {@code lo} up; {@code container:X} shares
 * X's namespace (joining a sandbox that itself joined another joins the owner, as Docker
 * does). A sandbox whose namespace others share cannot be removed before them.
 *
 * <p>Networks: the bridge driver ({@link BridgeDriver}). The default network {@code bridge}
 * (172.17.0.0/16) is recorded on first use and its device made at the first attach; it
 * cannot be removed. A sandbox on several networks has {@code eth0}, {@code eth1}… (the
 * lowest free name) and one default route per address family: that of the first network it
 * was connected to that is not internal and has an address of the family. When that network
 * is disconnected, the next such network in connection order installs its own. (Docker picks by gateway priority, then by
 * network name; netmodel keeps the default route where it is until its network goes, so
 * connecting another network never moves it.) Macvlan and ipvlan networks: {@link
 * MacvlanDriver}. The overlay driver is not there yet: its networks and mode are refused
 * with {@link UnsupportedOperationException}.
 *
 * <p>Thread-safe: every read-check-write runs under the store's lock.
 */
public final class NetworkingEngine implements Networking {
  private static final Logger log = LoggerFactory.getLogger(NetworkingEngine.class);
  private static final String SANDBOXES = "sandboxes";
  private static final String NETWORKS = "networks";
  // Compiled once: a lookup by name or id runs at every attach and removal.
  private static final Pattern ID_PATTERN = Pattern.compile("[0-9a-f]{1,64}");
  private static final Pattern NAME_PATTERN = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final Kernel kernel;
  private final StateStore store;
  private final Policy policy;
  private final Clock clock;
  private final RandomGenerator random;
  private final Plumbing plumbing;
  private final PortPublisher publisher;
  private final Map<String, NetworkDriver> drivers;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean reconciled = new AtomicBoolean();
  /** Network records parsed from the store, by name, kept while their file is unchanged. */
  private final ParsedObjects<NetworkRecord> parsedNetworks;
  private final Runnable onClose;

  /**
   * @param kernel the kernel port, bound to its host namespace
   * @param store where state is persisted
   * @param policy what is allowed
   * @param clock the source of creation times
   * @param onClose run once by {@link #close()}, after the engine is closed (for example to
   *     close the kernel port it owns)
   */
  public NetworkingEngine(
      Kernel kernel, StateStore store, Policy policy, Clock clock, Runnable onClose) {
    this(kernel, store, policy, clock, new SecureRandom(), onClose);
  }

  /**
   * @param random the source of ids and MAC addresses (a seeded one makes a fake kernel's runs
   *     repeatable; engines sharing a state directory must not share a sequence)
   */
  public NetworkingEngine(
      Kernel kernel,
      StateStore store,
      Policy policy,
      Clock clock,
      RandomGenerator random,
      Runnable onClose) {
    this.kernel = Objects.requireNonNull(kernel, "kernel");
    this.store = Objects.requireNonNull(store, "store");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.onClose = Objects.requireNonNull(onClose, "onClose");
    this.parsedNetworks =
        new ParsedObjects<>(store, NETWORKS, (name, map) -> NetworkRecord.fromMap(map));
    this.plumbing = new Plumbing(kernel, new Ipam(store));
    this.publisher = new PortPublisher(plumbing);
    MacvlanDriver macvlan = new MacvlanDriver(plumbing, random);
    this.drivers =
        Map.of("bridge", new BridgeDriver(plumbing, random), "macvlan", macvlan, "ipvlan", macvlan);
  }

  // ---- networks -------------------------------------------------------------------------

  @Override
  public NetworkInfo createNetwork(NetworkSpec spec) {
    checkOpen();
    Objects.requireNonNull(spec, "spec");
    NetworkDriver driver = driverFor(spec.driver());
    return store.locked(
        () -> {
          List<NetworkRecord> others = networkRecords();
          for (NetworkRecord other : others) {
            if (other.name().equals(spec.name())) {
              throw new ConflictException("network name already in use: " + spec.name());
            }
          }
          String drawn = newId();
          while (findNetwork(drawn).isPresent()) {
            drawn = newId();
          }
          String id = drawn;
          NetworkRecord pending =
              new NetworkRecord(id, driver.complete(spec, id, others), clock.instant());
          NetworkRecord record =
              new NetworkRecord(id, pending.spec(), pending.created(), driver.create(pending));
          try {
            parsedNetworks.forget(record.name());
            store.write(NETWORKS, record.name(), record.toMap());
          } catch (RuntimeException e) {
            undo(e, () -> driver.remove(record));
            throw e;
          }
          log.debug("created network {} ({}): {}", record.name(), id, record.spec());
          return toInfo(record);
        });
  }

  @Override
  public List<NetworkInfo> networks() {
    checkOpen();
    return store.locked(
        () -> {
          List<SandboxRecord> sandboxes = sandboxRecords();
          return networkRecords().stream().map(n -> toInfo(n, sandboxes)).toList();
        });
  }

  @Override
  public Optional<NetworkInfo> network(String nameOrId) {
    checkOpen();
    return store.locked(() -> findNetwork(nameOrId).map(this::toInfo));
  }

  @Override
  public void removeNetwork(String nameOrId) {
    checkOpen();
    store.locked(
        () -> {
          NetworkRecord network =
              findNetwork(nameOrId).orElseThrow(() -> new NotFoundException("network", nameOrId));
          if (network.name().equals(BridgeNetworkSpec.DEFAULT_NETWORK)) {
            throw new ConflictException(
                "network bridge is the default network and cannot be removed");
          }
          List<String> connected = connectedTo(network.name(), sandboxRecords());
          if (!connected.isEmpty()) {
            throw new ConflictException(
                "network " + network.name() + " has sandboxes connected: "
                    + String.join(", ", connected) + " (disconnect or remove them first)");
          }
          driverFor(network.spec().driver()).remove(network);
          plumbing.forget(network);
          parsedNetworks.forget(network.name());
          store.delete(NETWORKS, network.name());
          log.debug("removed network {}", network.name());
          return null;
        });
  }

  @Override
  public NetworkMode parseMode(String value) {
    checkOpen();
    // Only the driver is needed: not network(), which lists the connected sandboxes.
    return NetworkMode.parse(
        value, name -> store.locked(() -> findNetwork(name)).map(n -> n.spec().driver()));
  }

  // ---- sandboxes ------------------------------------------------------------------------

  @Override
  public Sandbox createSandbox(SandboxSpec spec) {
    checkOpen();
    Objects.requireNonNull(spec, "spec");
    if (!(spec.mode() instanceof Host) && !(spec.mode() instanceof Container)) {
      // The port gets ready for the namespace while the store is locked and the ids drawn.
      kernel.namespaces().expectCreate();
    }
    return store.locked(
        () -> {
          String drawn = newId();
          while (spec.name().isEmpty() && store.exists(SANDBOXES, defaultName(drawn))) {
            drawn = newId();
          }
          String id = drawn;
          String name = spec.name().orElseGet(() -> defaultName(id));
          if (store.exists(SANDBOXES, name)) {
            throw new ConflictException("sandbox name already in use: " + name);
          }
          Creator creator = new Creator(name, id, spec.mode());
          SandboxRecord record = spec.mode().accept(creator);
          try {
            store.write(SANDBOXES, name, record.toMap());
            record.owner().ifPresent(owner -> updateSharers(owner, name, true));
          } catch (RuntimeException e) {
            undo(e, () -> forgetSandbox(record));
            undo(e, () -> store.delete(SANDBOXES, name));
            throw e;
          }
          // The kernel's deferred work for the endpoint has run while the record was written.
          creator.awaitForwarding();
          log.debug("created sandbox {} ({}) in mode {}", name, id, spec.mode());
          return toSandbox(record);
        });
  }

  @Override
  public List<Sandbox> sandboxes() {
    checkOpen();
    List<Sandbox> result = new ArrayList<>();
    for (String key : store.keys(SANDBOXES)) {
      store.read(SANDBOXES, key).map(SandboxRecord::fromMap).map(this::toSandbox).ifPresent(result::add);
    }
    return result;
  }

  @Override
  public Optional<Sandbox> sandbox(String nameOrId) {
    checkOpen();
    return findRecord(nameOrId).map(this::toSandbox);
  }

  @Override
  public NamespaceHandle openNamespace(String nameOrId) {
    checkOpen();
    SandboxRecord record =
        findRecord(nameOrId).orElseThrow(() -> new NotFoundException("sandbox", nameOrId));
    if (record.namespaceName().isEmpty()) {
      return new BorrowedHandle(kernel.namespaces().host());
    }
    return kernel.namespaces().open(record.namespaceName().get());
  }

  @Override
  public Endpoint connect(String sandbox, NetworkMode mode) {
    checkOpen();
    Objects.requireNonNull(mode, "mode");
    return store.locked(
        () -> {
          SandboxRecord record =
              findRecord(sandbox).orElseThrow(() -> new NotFoundException("sandbox", sandbox));
          String networkName =
              mode.network()
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "connect needs a network-attached mode (bridge, macvlan, ipvlan,"
                                  + " overlay): " + mode));
          if (record.owner().isPresent() || record.namespaceName().isEmpty()) {
            throw new ConflictException(
                "sandbox " + record.name() + " is in " + record.mode()
                    + " mode and has no network namespace of its own to connect to "
                    + networkName);
          }
          NetworkRecord network = networkFor(mode);
          if (record.endpoint(network.name()).isPresent()) {
            throw new ConflictException(
                "sandbox " + record.name() + " is already connected to network "
                    + network.name());
          }
          EndpointOptions options = mode.endpointOptions().orElseThrow();
          try (NamespaceHandle ns = kernel.namespaces().open(record.namespaceName().get())) {
            InterfaceName ifname =
                options.interfaceName().orElseGet(() -> lowestFreeEth(record, ns));
            DefaultRoutes taken =
                record.endpoints().stream()
                    .map(EndpointRecord::defaultRoute)
                    .reduce(DefaultRoutes.NONE, DefaultRoutes::or);
            DefaultRoutes defaultRoute = DefaultRoutes.BOTH.without(taken);
            Attachment attachment =
                driverFor(network.spec().driver())
                    .attach(
                        network, record.name(), record.id(), ns, options, ifname, defaultRoute,
                        false);
            EndpointRecord attached = attachment.endpoint();
            EndpointRecord endpoint;
            try {
              endpoint = publish(network, record.id(), attached, mode);
            } catch (RuntimeException e) {
              undo(e, () -> plumbing.detach(attached, ns));
              throw e;
            }
            try {
              store.write(SANDBOXES, record.name(), record.withEndpoint(endpoint).toMap());
            } catch (RuntimeException e) {
              undo(e, () -> publisher.unpublish(record.id(), network, endpoint));
              undo(e, () -> plumbing.detach(endpoint, ns));
              throw e;
            }
            attachment.awaitForwarding();
            log.debug("connected sandbox {} to network {} as {}", record.name(), network.name(), ifname);
            return endpoint.toEndpoint();
          }
        });
  }

  @Override
  public boolean disconnect(String sandbox, String network) {
    checkOpen();
    Objects.requireNonNull(network, "network");
    return store.locked(
        () -> {
          SandboxRecord record =
              findRecord(sandbox).orElseThrow(() -> new NotFoundException("sandbox", sandbox));
          String networkName = findNetwork(network).map(NetworkRecord::name).orElse(network);
          Optional<EndpointRecord> found = record.endpoint(networkName);
          if (found.isEmpty()) {
            return false;
          }
          EndpointRecord endpoint = found.get();
          List<EndpointRecord> remaining = new ArrayList<>(record.endpoints());
          remaining.remove(endpoint);
          try (NamespaceHandle ns = kernel.namespaces().open(record.namespaceName().orElseThrow())) {
            unpublish(record, endpoint);
            plumbing.detach(endpoint, ns);
            if (endpoint.defaultRoute().any()) {
              promoteDefaultRoute(endpoint.defaultRoute(), remaining, ns);
            }
          }
          store.write(SANDBOXES, record.name(), record.withEndpoints(remaining).toMap());
          log.debug("disconnected sandbox {} from network {}", record.name(), networkName);
          return true;
        });
  }

  /**
   * Gives the default routes of the families {@code lost} to the first remaining endpoints,
   * in connection order, whose network is not internal and that have an address of the
   * family.
   */
  private void promoteDefaultRoute(
      DefaultRoutes lost, List<EndpointRecord> remaining, NamespaceHandle ns) {
    DefaultRoutes left = lost;
    for (int i = 0; i < remaining.size() && left.any(); i++) {
      EndpointRecord candidate = remaining.get(i);
      Optional<NetworkRecord> network = findNetwork(candidate.network());
      if (network.isEmpty() || network.get().spec().internal()) {
        continue;
      }
      DefaultRoutes give = left.servable(candidate.ipv4(), candidate.ipv6());
      if (give.any()) {
        plumbing.installDefaultRoutes(candidate, ns, give);
        remaining.set(i, candidate.withDefaultRoute(candidate.defaultRoute().or(give)));
        left = left.without(give);
      }
    }
  }

  /** eth0, eth1…: the lowest that neither an endpoint nor a device of the sandbox has. */
  private InterfaceName lowestFreeEth(SandboxRecord record, NamespaceHandle ns) {
    Set<String> taken = new TreeSet<>();
    record.endpoints().forEach(e -> taken.add(e.interfaceName().toString()));
    kernel.links(ns).list().forEach(l -> taken.add(l.name()));
    for (int n = 0; ; n++) {
      if (!taken.contains("eth" + n)) {
        return InterfaceName.of("eth" + n);
      }
    }
  }

  @Override
  public boolean removeSandbox(String nameOrId) {
    checkOpen();
    return store.locked(
        () -> {
          Optional<SandboxRecord> found = findRecord(nameOrId);
          if (found.isEmpty()) {
            return false;
          }
          SandboxRecord record = found.get();
          if (!record.sharers().isEmpty()) {
            throw new ConflictException(
                "sandbox " + record.name() + " shares its network namespace with "
                    + String.join(", ", record.sharers())
                    + " (container mode): remove them first");
          }
          forgetSandbox(record);
          store.delete(SANDBOXES, record.name());
          record.owner().ifPresent(owner -> updateSharers(owner, record.name(), false));
          log.debug("removed sandbox {}", record.name());
          return true;
        });
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        publisher.close();
      } finally {
        onClose.run();
      }
    }
  }

  // ---- internals ------------------------------------------------------------------------

  /**
   * Makes the namespace side of a new sandbox, per mode; leaves nothing behind on failure. Keeps
   * the attachment of a network-attached mode, whose wait {@link #awaitForwarding} runs once the
   * sandbox is recorded.
   */
  private final class Creator implements NetworkMode.Visitor<SandboxRecord> {
    private final String name;
    private final String id;
    private final NetworkMode mode;
    private Optional<Attachment> attachment = Optional.empty();

    Creator(String name, String id, NetworkMode mode) {
      this.name = name;
      this.id = id;
      this.mode = mode;
    }

    /** Waits until the new sandbox's endpoint forwards, where its mode has one. */
    void awaitForwarding() {
      attachment.ifPresent(Attachment::awaitForwarding);
    }

    private SandboxRecord record(
        io.netmodel.api.namespace.NamespaceId ns, Optional<String> nsName, Optional<String> owner) {
      return new SandboxRecord(
          name, id, mode.toString(), ns, nsName, owner, clock.instant(), List.of(), List.of());
    }

    @Override
    public SandboxRecord host(Host host) {
      if (!policy.allowHostMode()) {
        throw new PolicyException(
            "host mode is refused by this Networking's policy (a host-mode sandbox shares the"
                + " host's interfaces and ports): sandbox " + name);
      }
      return record(kernel.namespaces().host().id(), Optional.empty(), Optional.empty());
    }

    @Override
    public SandboxRecord none(None none) {
      try (NamespaceHandle ns = newNamespace(name, true)) {
        return record(ns.id(), Optional.of(name), Optional.empty());
      }
    }

    @Override
    public SandboxRecord container(Container container) {
      SandboxRecord target =
          findRecord(container.ref())
              .orElseThrow(() -> new NotFoundException("sandbox", container.ref()));
      String owner = target.owner().orElse(target.name());
      return record(target.namespace(), target.namespaceName(), Optional.of(owner));
    }

    @Override
    public SandboxRecord bridge(Bridge bridge) {
      return attach(bridge);
    }

    @Override
    public SandboxRecord macvlan(Macvlan macvlan) {
      return attach(macvlan);
    }

    @Override
    public SandboxRecord ipvlan(Ipvlan ipvlan) {
      return attach(ipvlan);
    }

    @Override
    public SandboxRecord overlay(Overlay overlay) {
      return attach(overlay);
    }

    private SandboxRecord attach(NetworkMode attached) {
      NetworkRecord network = networkFor(attached);
      // lo comes up with the endpoint's configuration, in one exchange with the kernel.
      try (NamespaceHandle ns = newNamespace(name, false)) {
        try {
          SandboxRecord record = record(ns.id(), Optional.of(name), Optional.empty());
          Attachment made =
              driverFor(network.spec().driver()).attach(
                  network, name, id, ns, attached.endpointOptions().orElseThrow(), InterfaceName.of("eth0"),
                  DefaultRoutes.BOTH, true);
          EndpointRecord endpoint = made.endpoint();
          try {
            SandboxRecord withEndpoint =
                record.withEndpoint(publish(network, id, endpoint, attached));
            attachment = Optional.of(made);
            return withEndpoint;
          } catch (RuntimeException e) {
            // The veth goes now, not whenever the kernel gets to the deleted namespace.
            undo(e, () -> plumbing.detach(endpoint, ns));
            throw e;
          }
        } catch (RuntimeException e) {
          deleteQuietly(name, e);
          throw e;
        }
      }
    }
  }

  /**
   * A new named namespace, with {@code lo} up if {@code loopbackUp} (else its caller brings it
   * up); deleted again if that fails.
   */
  private NamespaceHandle newNamespace(String name, boolean loopbackUp) {
    NamespaceHandle ns = kernel.namespaces().create(name);
    try {
      if (loopbackUp) {
        // No lookup: a new namespace's lo is always index 1.
        kernel.links(ns).change(Link.LOOPBACK_INDEX, LinkChange.setUp());
      }
      return ns;
    } catch (RuntimeException e) {
      ns.close();
      deleteQuietly(name, e);
      throw e;
    }
  }

  private void deleteQuietly(String namespace, RuntimeException failure) {
    try {
      kernel.namespaces().delete(namespace);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Deletes a sandbox's own namespace (the kernel destroys its veths with it, in the
   * background) and releases its endpoints' addresses.
   */
  private void forgetSandbox(SandboxRecord record) {
    record.endpoints().forEach(endpoint -> unpublish(record, endpoint));
    if (record.owner().isEmpty() && record.namespaceName().isPresent()) {
      kernel.namespaces().delete(record.namespaceName().get());
    }
    record.endpoints().forEach(plumbing::release);
  }

  /**
   * Publishes the ports {@code mode} asks for (bridge mode's {@code -p}) on a new endpoint.
   *
   * @return the endpoint with its ports as held
   */
  private EndpointRecord publish(
      NetworkRecord network, String sandboxId, EndpointRecord endpoint, NetworkMode mode) {
    if (mode.publish().isEmpty()) {
      return endpoint;
    }
    reconcilePorts();
    List<PortMapping> published = new ArrayList<>();
    for (SandboxRecord other : sandboxRecords()) {
      other.endpoints().forEach(e -> published.addAll(e.ports()));
    }
    return publisher.publish(network, sandboxId, endpoint, mode.publish(), published);
  }

  /**
   * Once per engine, before its first change of published ports: makes the kernel's
   * published-port rules match the state (see {@link PortPublisher#reconcile}).
   */
  private void reconcilePorts() {
    if (reconciled.get()) {
      return;
    }
    List<PortPublisher.Published> expected = new ArrayList<>();
    for (SandboxRecord record : sandboxRecords()) {
      for (EndpointRecord endpoint : record.endpoints()) {
        if (!endpoint.ports().isEmpty()) {
          findNetwork(endpoint.network()).ifPresent(
              network -> expected.add(new PortPublisher.Published(record.id(), network, endpoint)));
        }
      }
    }
    publisher.reconcile(expected);
    reconciled.set(true);
  }

  /** Removes the published ports of {@code endpoint} of {@code record}, if it has any. */
  private void unpublish(SandboxRecord record, EndpointRecord endpoint) {
    if (endpoint.ports().isEmpty()) {
      return;
    }
    reconcilePorts();
    NetworkRecord network =
        findNetwork(endpoint.network())
            .orElseThrow(
                () -> new IllegalStateException(
                    "network " + endpoint.network() + " of sandbox " + record.name()
                        + " is not in the state"));
    publisher.unpublish(record.id(), network, endpoint);
  }

  /** Records in the owner's state that {@code sharer} shares its namespace, or no longer. */
  private void updateSharers(String owner, String sharer, boolean sharing) {
    store
        .read(SANDBOXES, owner)
        .map(SandboxRecord::fromMap)
        .ifPresent(o -> store.write(SANDBOXES, owner, o.withSharer(sharer, sharing).toMap()));
  }

  private Optional<SandboxRecord> findRecord(String nameOrId) {
    Objects.requireNonNull(nameOrId, "nameOrId");
    if (nameOrId.isEmpty()) {
      return Optional.empty();
    }
    Optional<SandboxRecord> byName =
        NAME_PATTERN.matcher(nameOrId).matches()
            ? store.read(SANDBOXES, nameOrId).map(SandboxRecord::fromMap)
            : Optional.empty();
    if (byName.isPresent()) {
      return byName;
    }
    if (!ID_PATTERN.matcher(nameOrId).matches()) {
      return Optional.empty();
    }
    List<SandboxRecord> matches = new ArrayList<>();
    for (String key : store.keys(SANDBOXES)) {
      store
          .read(SANDBOXES, key)
          .map(SandboxRecord::fromMap)
          .filter(r -> r.id().startsWith(nameOrId))
          .ifPresent(matches::add);
    }
    if (matches.size() > 1) {
      throw new ConflictException(
          "sandbox id prefix " + nameOrId + " is ambiguous: it matches " + matches.size()
              + " sandboxes");
    }
    return matches.stream().findFirst();
  }

  private Sandbox toSandbox(SandboxRecord record) {
    return new Sandbox(
        record.name(),
        record.id(),
        NetworkMode.parse(record.mode()),
        record.namespace(),
        record.namespaceName().map(n -> kernel.namespaces().directory().resolve(n)),
        record.owner(),
        record.endpoints().stream().map(EndpointRecord::toEndpoint).toList(),
        record.created());
  }

  private static String defaultName(String id) {
    return "nm-" + id.substring(0, 12);
  }

  private String newId() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * The network an attached mode names, when its driver is here.
   *
   * @throws NotFoundException if there is no such network
   * @throws UnsupportedOperationException for a driver that is not there yet
   * @throws IllegalArgumentException if the mode is not the network's driver's
   */
  private NetworkRecord networkFor(NetworkMode attached) {
    String name = attached.network().orElseThrow();
    NetworkRecord network =
        findNetwork(name).orElseThrow(() -> new NotFoundException("network", name));
    String modeDriver =
        attached
            .driver()
            .orElseThrow(
                () -> new IllegalArgumentException("not a network-attached mode: " + attached));
    if (!modeDriver.equals(network.spec().driver())) {
      throw new IllegalArgumentException(
          "network " + network.name() + " is a " + network.spec().driver() + " network, not "
              + modeDriver);
    }
    driverFor(modeDriver);
    return network;
  }

  /** The driver of that name; refuses one that is not there yet (overlay). */
  private NetworkDriver driverFor(String driver) {
    NetworkDriver found = drivers.get(driver);
    if (found == null) {
      throw noDriver(driver);
    }
    return found;
  }

  /** Every network, by name; the default {@code bridge} network is recorded on first use. */
  private List<NetworkRecord> networkRecords() {
    ensureDefaultNetwork();
    List<NetworkRecord> result = new ArrayList<>();
    for (String key : store.keys(NETWORKS)) {
      store.read(NETWORKS, key).map(NetworkRecord::fromMap).ifPresent(result::add);
    }
    return result;
  }

  private List<SandboxRecord> sandboxRecords() {
    List<SandboxRecord> result = new ArrayList<>();
    for (String key : store.keys(SANDBOXES)) {
      store.read(SANDBOXES, key).map(SandboxRecord::fromMap).ifPresent(result::add);
    }
    return result;
  }

  private void ensureDefaultNetwork() {
    store.locked(
        () -> {
          if (!store.exists(NETWORKS, BridgeNetworkSpec.DEFAULT_NETWORK)) {
            NetworkRecord record =
                new NetworkRecord(newId(), BridgeNetworkSpec.defaultBridge(), clock.instant());
            store.write(NETWORKS, record.name(), record.toMap());
          }
          return null;
        });
  }

  /** The network of that name, or the only one whose id starts with {@code nameOrId}. */
  private Optional<NetworkRecord> findNetwork(String nameOrId) {
    Objects.requireNonNull(nameOrId, "nameOrId");
    if (nameOrId.isEmpty()) {
      return Optional.empty();
    }
    if (nameOrId.equals(BridgeNetworkSpec.DEFAULT_NETWORK)) {
      ensureDefaultNetwork();
    }
    if (NAME_PATTERN.matcher(nameOrId).matches()) {
      // One stat per lookup while the record is the one this engine parsed last.
      Optional<NetworkRecord> byName = parsedNetworks.get(nameOrId);
      if (byName.isPresent()) {
        return byName;
      }
    }
    if (!ID_PATTERN.matcher(nameOrId).matches()) {
      return Optional.empty();
    }
    List<NetworkRecord> matches =
        networkRecords().stream().filter(n -> n.id().startsWith(nameOrId)).toList();
    if (matches.size() > 1) {
      throw new ConflictException(
          "network id prefix " + nameOrId + " is ambiguous: it matches " + matches.size()
              + " networks");
    }
    return matches.stream().findFirst();
  }

  private NetworkInfo toInfo(NetworkRecord network) {
    return toInfo(network, sandboxRecords());
  }

  private static NetworkInfo toInfo(NetworkRecord network, List<SandboxRecord> sandboxes) {
    return new NetworkInfo(
        network.id(), network.spec(), connectedTo(network.name(), sandboxes), network.created());
  }

  private static List<String> connectedTo(String network, List<SandboxRecord> sandboxes) {
    return sandboxes.stream()
        .filter(s -> s.endpoint(network).isPresent())
        .map(SandboxRecord::name)
        .toList();
  }

  /** Runs an undo step after {@code failure}, keeping its own failure as suppressed. */
  private static void undo(RuntimeException failure, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static UnsupportedOperationException noDriver(String driver) {
    return new UnsupportedOperationException(
        "network driver \"" + driver + "\" is not available in this version of netmodel"
            + " (host, none, container, bridge, macvlan and ipvlan modes are)");
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("Networking is closed");
    }
  }
}
