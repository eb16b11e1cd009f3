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
import io.netmodel.api.network.NetworkSpec;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.state.StateStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * does). A sandbox whose namespace others share cannot be removed before them. Network
 * drivers (bridge, macvlan, ipvlan, overlay) are plugged in by name; a mode whose driver is
 * not present is refused with {@link UnsupportedOperationException}.
 *
 * <p>Thread-safe: every read-check-write runs under the store's lock.
 */
public final class NetworkingEngine implements Networking {
  private static final Logger log = LoggerFactory.getLogger(NetworkingEngine.class);
  private static final String SANDBOXES = "sandboxes";
  private static final InterfaceName LOOPBACK = InterfaceName.of("lo");

  private final Kernel kernel;
  private final StateStore store;
  private final Policy policy;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final AtomicBoolean closed = new AtomicBoolean();
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
    this.kernel = Objects.requireNonNull(kernel, "kernel");
    this.store = Objects.requireNonNull(store, "store");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onClose = Objects.requireNonNull(onClose, "onClose");
  }

  // ---- networks -------------------------------------------------------------------------

  @Override
  public NetworkInfo createNetwork(NetworkSpec spec) {
    checkOpen();
    throw noDriver(spec.driver());
  }

  @Override
  public List<NetworkInfo> networks() {
    checkOpen();
    return List.of();
  }

  @Override
  public Optional<NetworkInfo> network(String nameOrId) {
    checkOpen();
    return Optional.empty();
  }

  @Override
  public void removeNetwork(String nameOrId) {
    checkOpen();
    throw new NotFoundException("network", nameOrId);
  }

  @Override
  public NetworkMode parseMode(String value) {
    return NetworkMode.parse(value, name -> network(name).map(n -> n.spec().driver()));
  }

  // ---- sandboxes ------------------------------------------------------------------------

  @Override
  public Sandbox createSandbox(SandboxSpec spec) {
    checkOpen();
    Objects.requireNonNull(spec, "spec");
    return store.locked(
        () -> {
          String id = newId();
          String name = spec.name().orElseGet(() -> "nm-" + id.substring(0, 12));
          if (store.read(SANDBOXES, name).isPresent()) {
            throw new ConflictException("sandbox name already in use: " + name);
          }
          SandboxRecord record = spec.mode().accept(new Creator(name, id, spec.mode()));
          store.write(SANDBOXES, name, record.toMap());
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
    SandboxRecord record =
        findRecord(sandbox).orElseThrow(() -> new NotFoundException("sandbox", sandbox));
    String network =
        mode.network()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "connect needs a network-attached mode (bridge, macvlan, ipvlan,"
                            + " overlay): " + mode));
    if (record.owner().isPresent() || record.namespaceName().isEmpty()) {
      throw new ConflictException(
          "sandbox " + record.name() + " is in " + record.mode()
              + " mode and has no network namespace of its own to connect to " + network);
    }
    throw refuseAttach(mode);
  }

  @Override
  public boolean disconnect(String sandbox, String network) {
    checkOpen();
    findRecord(sandbox).orElseThrow(() -> new NotFoundException("sandbox", sandbox));
    return false;
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
          List<String> sharers = sharersOf(record.name());
          if (!sharers.isEmpty()) {
            throw new ConflictException(
                "sandbox " + record.name() + " shares its network namespace with "
                    + String.join(", ", sharers) + " (container mode): remove them first");
          }
          if (record.owner().isEmpty() && record.namespaceName().isPresent()) {
            kernel.namespaces().delete(record.namespaceName().get());
          }
          store.delete(SANDBOXES, record.name());
          log.debug("removed sandbox {}", record.name());
          return true;
        });
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      onClose.run();
    }
  }

  // ---- internals ------------------------------------------------------------------------

  /** Makes the namespace side of a new sandbox, per mode; leaves nothing behind on failure. */
  private final class Creator implements NetworkMode.Visitor<SandboxRecord> {
    private final String name;
    private final String id;
    private final NetworkMode mode;

    Creator(String name, String id, NetworkMode mode) {
      this.name = name;
      this.id = id;
      this.mode = mode;
    }

    private SandboxRecord record(
        io.netmodel.api.namespace.NamespaceId ns, Optional<String> nsName, Optional<String> owner) {
      return new SandboxRecord(name, id, mode.toString(), ns, nsName, owner, clock.instant());
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
      try (NamespaceHandle ns = kernel.namespaces().create(name)) {
        try {
          Link lo =
              kernel
                  .links(ns)
                  .get(LOOPBACK)
                  .orElseThrow(() -> new IllegalStateException("new namespace has no lo: " + name));
          kernel.links(ns).change(lo.index(), LinkChange.setUp());
          return record(ns.id(), Optional.of(name), Optional.empty());
        } catch (RuntimeException e) {
          deleteQuietly(name, e);
          throw e;
        }
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
      throw refuseAttach(attached);
    }
  }

  private void deleteQuietly(String namespace, RuntimeException failure) {
    try {
      kernel.namespaces().delete(namespace);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private List<String> sharersOf(String owner) {
    List<String> sharers = new ArrayList<>();
    for (String key : store.keys(SANDBOXES)) {
      store
          .read(SANDBOXES, key)
          .map(SandboxRecord::fromMap)
          .filter(r -> r.owner().equals(Optional.of(owner)))
          .ifPresent(r -> sharers.add(r.name()));
    }
    return sharers;
  }

  private Optional<SandboxRecord> findRecord(String nameOrId) {
    Objects.requireNonNull(nameOrId, "nameOrId");
    if (nameOrId.isEmpty()) {
      return Optional.empty();
    }
    Optional<SandboxRecord> byName =
        nameOrId.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")
            ? store.read(SANDBOXES, nameOrId).map(SandboxRecord::fromMap)
            : Optional.empty();
    if (byName.isPresent()) {
      return byName;
    }
    if (!nameOrId.matches("[0-9a-f]{1,64}")) {
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
        List.of(),
        record.created());
  }

  private String newId() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Why a network-attached mode cannot be served: its network does not exist, or (for the
   * default bridge network, which exists from first use) its driver is not there yet.
   */
  private RuntimeException refuseAttach(NetworkMode attached) {
    String network = attached.network().orElseThrow();
    if (!network.equals(NetworkMode.DEFAULT_BRIDGE) && network(network).isEmpty()) {
      return new NotFoundException("network", network);
    }
    return noDriver("bridge");
  }

  private static UnsupportedOperationException noDriver(String driver) {
    return new UnsupportedOperationException(
        "network driver \"" + driver + "\" is not available in this version of netmodel"
            + " (host, none and container modes are)");
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("Networking is closed");
    }
  }
}
