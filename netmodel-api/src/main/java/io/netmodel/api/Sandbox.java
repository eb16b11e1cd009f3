package io.netmodel.api;

import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one sandbox: its name and id, its mode, the namespace it lives in, and its
 * endpoints on networks. Immutable; ask {@link Networking#sandbox(String)} again for fresh
 * state.
 *
 * @param name the sandbox's unique name
 * @param id a 64-hex-digit id, unique like Docker's container ids
 * @param mode the mode it was created with
 * @param namespace the identity of its network namespace (the host's for host mode, the
 *     joined sandbox's for container mode)
 * @param namespacePath the namespace file; empty in host mode
 * @param owner for container mode, the sandbox whose namespace this one shares
 * @param endpoints its endpoints, in the order they were connected
 * @param created when it was created
 */
public record Sandbox(
    String name,
    String id,
    NetworkMode mode,
    NamespaceId namespace,
    Optional<Path> namespacePath,
    Optional<String> owner,
    List<Endpoint> endpoints,
    Instant created) {

  public Sandbox {
    SandboxSpec.checkName(name);
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(namespacePath, "namespacePath");
    Objects.requireNonNull(owner, "owner");
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(created, "created");
  }

  /** The first 12 digits of the id, as Docker shows it. */
  public String shortId() {
    return id.substring(0, Math.min(12, id.length()));
  }
}
