package io.netmodel.api;

import io.netmodel.api.network.NetworkSpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of one network: the spec it was created from, completed with what the driver
 * chose (subnet, gateway, device name), and the sandboxes connected to it.
 *
 * @param id a 64-hex-digit id
 * @param spec the effective specification, every default filled in
 * @param sandboxes names of the connected sandboxes
 * @param created when it was created
 */
public record NetworkInfo(String id, NetworkSpec spec, List<String> sandboxes, Instant created) {
  public NetworkInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spec, "spec");
    sandboxes = List.copyOf(sandboxes);
    Objects.requireNonNull(created, "created");
  }

  /** The network's name. */
  public String name() {
    return spec.name();
  }
}
