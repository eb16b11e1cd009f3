package io.netmodel.core.engine;

import io.netmodel.api.namespace.NamespaceId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A sandbox as persisted: its name, id, mode (Docker's text), the namespace it lives in and,
 * in container mode, the sandbox that owns that namespace.
 *
 * @param namespaceName the named namespace in the netns directory; empty in host mode
 */
record SandboxRecord(
    String name,
    String id,
    String mode,
    NamespaceId namespace,
    Optional<String> namespaceName,
    Optional<String> owner,
    Instant created) {

  SandboxRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(namespaceName, "namespaceName");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(created, "created");
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
        Instant.parse(required(map, "created")));
  }

  private static String required(Map<String, String> map, String key) {
    String value = map.get(key);
    if (value == null) {
      throw new IllegalStateException("sandbox state lacks \"" + key + "\": " + map);
    }
    return value;
  }
}
