package io.netmodel.core.engine;

import io.netmodel.api.namespace.NamespaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A sandbox as persisted: its name, id, mode (Docker's text), the namespace it lives in and,
 * in container mode, the sandbox that owns that namespace, and its endpoints on networks.
 *
 * @param namespaceName the named namespace in the netns directory; empty in host mode
 * @param sharers the sandboxes that share this one's namespace (container mode), so that
 *     removal need not read every record to find them
 */
record SandboxRecord(
    String name,
    String id,
    String mode,
    NamespaceId namespace,
    Optional<String> namespaceName,
    Optional<String> owner,
    Instant created,
    List<EndpointRecord> endpoints,
    List<String> sharers) {

  SandboxRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(namespaceName, "namespaceName");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(created, "created");
    endpoints = List.copyOf(endpoints);
    sharers = List.copyOf(sharers);
  }

  /** The same sandbox, with {@code sharer} sharing its namespace, or no longer. */
  SandboxRecord withSharer(String sharer, boolean sharing) {
    List<String> now = new ArrayList<>(sharers);
    now.remove(sharer);
    if (sharing) {
      now.add(sharer);
    }
    return new SandboxRecord(name, id, mode, namespace, namespaceName, owner, created, endpoints, now);
  }

  /** The same sandbox with {@code endpoint} added last. */
  SandboxRecord withEndpoint(EndpointRecord endpoint) {
    List<EndpointRecord> more = new ArrayList<>(endpoints);
    more.add(endpoint);
    return withEndpoints(more);
  }

  /** The same sandbox with these endpoints. */
  SandboxRecord withEndpoints(List<EndpointRecord> newEndpoints) {
    return new SandboxRecord(
        name, id, mode, namespace, namespaceName, owner, created, newEndpoints, sharers);
  }

  /** The endpoint on {@code network}, if connected. */
  Optional<EndpointRecord> endpoint(String network) {
    return endpoints.stream().filter(e -> e.network().equals(network)).findFirst();
  }

  Map<String, String> toMap() {
    Map<String, String> map = new HashMap<>();
    map.put("name", name);
    map.put("id", id);
    map.put("mode", mode);
    map.put("namespace", namespace.toString());
    namespaceName.ifPresent(n -> map.put("namespaceName", n));
    owner.ifPresent(o -> map.put("owner", o));
    map.put("created", created.toString());
    if (!sharers.isEmpty()) {
      map.put("sharers", String.join(",", sharers));
    }
    for (int i = 0; i < endpoints.size(); i++) {
      endpoints.get(i).writeTo(map, "endpoint." + i + ".");
    }
    return map;
  }

  static SandboxRecord fromMap(Map<String, String> map) {
    return new SandboxRecord(
        required(map, "name"),
        required(map, "id"),
        required(map, "mode"),
        NamespaceId.parse(required(map, "namespace")),
        Optional.ofNullable(map.get("namespaceName")),
        Optional.ofNullable(map.get("owner")),
        Instant.parse(required(map, "created")),
        readEndpoints(map),
        Optional.ofNullable(map.get("sharers"))
            .map(joined -> List.of(joined.split(",")))
            .orElse(List.of()));
  }

  private static List<EndpointRecord> readEndpoints(Map<String, String> map) {
    List<EndpointRecord> endpoints = new ArrayList<>();
    for (int i = 0; ; i++) {
      Optional<EndpointRecord> next = EndpointRecord.readFrom(map, "endpoint." + i + ".");
      if (next.isEmpty()) {
        return endpoints;
      }
      endpoints.add(next.get());
    }
  }

  private static String required(Map<String, String> map, String key) {
    String value = map.get(key);
    if (value == null) {
      throw new IllegalStateException("sandbox state lacks \"" + key + "\": " + map);
    }
    return value;
  }
}
