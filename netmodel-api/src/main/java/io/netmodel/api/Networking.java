package io.netmodel.api;

import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.network.NetworkSpec;
import java.util.List;
import java.util.Optional;

/**
 * netmodel's entry point: networks, and sandboxes networked by a {@link NetworkMode}.
 *
 * <pre>{@code
 * try (Networking net = LinuxNetworking.create()) {          // or FakeNetworking in tests
 *   Sandbox web = net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("web"));
 *   try (NamespaceHandle ns = net.openNamespace("web")) {
 *     ns.start(new ProcessBuilder("ip", "addr")).waitFor();
 *   }
 *   net.removeSandbox("web");
 * }
 * }</pre>
 *
 * <p>State (networks, sandboxes, allocations) is persisted, so another {@code Networking} on
 * the same state directory, in this process or another, sees the same objects.
 * Implementations are thread-safe. Failures of the environment are {@link
 * NetmodelException}s: {@link NotFoundException}, {@link ConflictException}, {@link
 * AddressPoolExhaustedException}, {@link KernelException} (with {@link
 * PermissionDeniedException}). Bad arguments are {@link IllegalArgumentException}s, thrown
 * before anything is changed. A failed operation leaves nothing behind.
 */
public interface Networking extends AutoCloseable {

  /**
   * Creates a network; the returned info has every default filled in.
   *
   * @throws ConflictException if the name is taken or the subnet overlaps another network's
   * @throws AddressPoolExhaustedException if no subnet was given and none is free
   * @throws UnsupportedOperationException if this implementation has no such driver
   */
  NetworkInfo createNetwork(NetworkSpec spec);

  /** All networks, by name. */
  List<NetworkInfo> networks();

  /** The network of that name or id. */
  Optional<NetworkInfo> network(String nameOrId);

  /**
   * Removes a network and its devices.
   *
   * @throws NotFoundException if there is no such network
   * @throws ConflictException if sandboxes are still connected to it
   */
  void removeNetwork(String nameOrId);

  /**
   * Parses Docker's {@code --network} value, resolving a network name to its driver's mode.
   *
   * @throws IllegalArgumentException quoting the value
   */
  NetworkMode parseMode(String value);

  /**
   * Creates a sandbox networked as its spec says.
   *
   * @throws ConflictException if the name is taken
   * @throws NotFoundException if the mode names a missing sandbox or network
   * @throws PermissionDeniedException if the mode is refused by policy (host mode) or the
   *     process lacks CAP_NET_ADMIN
   */
  Sandbox createSandbox(SandboxSpec spec);

  /** All sandboxes, by name. */
  List<Sandbox> sandboxes();

  /** The sandbox of that name or id (a unique prefix of the id will do). */
  Optional<Sandbox> sandbox(String nameOrId);

  /**
   * Opens the sandbox's network namespace, to run code or processes inside it. The caller
   * closes the handle; closing it does not remove the sandbox.
   *
   * @throws NotFoundException if there is no such sandbox
   */
  NamespaceHandle openNamespace(String nameOrId);

  /**
   * Connects a sandbox to one more network ({@code mode} is a network-attached mode).
   *
   * @throws NotFoundException if the sandbox or the network does not exist
   * @throws ConflictException if it is already connected to that network, or its mode shares
   *     another sandbox's namespace
   */
  Endpoint connect(String sandbox, NetworkMode mode);

  /**
   * Disconnects a sandbox from a network; idempotent: returns false when it was not
   * connected.
   *
   * @throws NotFoundException if the sandbox does not exist
   */
  boolean disconnect(String sandbox, String network);

  /**
   * Removes a sandbox, its endpoints and its namespace; idempotent: returns false when there
   * was no such sandbox.
   *
   * @throws ConflictException if other sandboxes share its namespace (container mode): they
   *     are named in the message, and must be removed first
   */
  boolean removeSandbox(String nameOrId);

  /** Releases handles and threads; removes nothing. Idempotent. */
  @Override
  void close();
}
