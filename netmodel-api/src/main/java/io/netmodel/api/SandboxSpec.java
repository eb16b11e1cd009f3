package io.netmodel.api;

import io.netmodel.api.mode.NetworkMode;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to create: an optional sandbox name (one is generated when absent) and its network
 * mode.
 *
 * <pre>{@code
 * SandboxSpec.of(NetworkMode.parse("none")).withName("none1")
 * }</pre>
 */
public record SandboxSpec(Optional<String> name, NetworkMode mode) {
  // Docker's container-name rule; also a valid file name for the namespace.
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

  public SandboxSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    name.ifPresent(SandboxSpec::checkName);
  }

  /** A sandbox of {@code mode} with a generated name. */
  public static SandboxSpec of(NetworkMode mode) {
    return new SandboxSpec(Optional.empty(), mode);
  }

  /** The same spec, named. */
  public SandboxSpec withName(String newName) {
    return new SandboxSpec(Optional.of(newName), mode);
  }

  /**
   * Checks a sandbox name against Docker's rule, {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}, at most
   * 128 characters.
   *
   * @throws IllegalArgumentException quoting the name
   */
  public static String checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "sandbox name must match [a-zA-Z0-9][a-zA-Z0-9_.-]* and be 1..128 characters: \""
              + name + "\"");
    }
    return name;
  }
}
