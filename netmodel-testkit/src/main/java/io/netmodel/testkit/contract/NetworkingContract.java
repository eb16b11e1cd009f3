package io.netmodel.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.ConflictException;
import io.netmodel.api.NotFoundException;
import io.netmodel.api.PolicyException;
import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Kernel;
import io.netmodel.core.kernel.Link;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Networking} must do for the namespace modes (none, host, container),
 * observed through the kernel port: the interfaces and addresses a sandbox gets, the
 * namespace it lives in, and the errors. A backend's test extends this class, makes the
 * Networking in {@link #newNetworking} and gives a {@link #kernel()} that sees the same
 * namespaces. Sandboxes left by a test are removed after it.
 *
 * <pre>{@code
 * class FakeNetworkingContractTest extends NetworkingContract {
 *   private final FakeKernel kernel = FakeKernel.create();
 *   protected Networking newNetworking(Path state, boolean allowHostMode) {
 *     return FakeNetworking.builder().kernel(kernel).stateDirectory(state)
 *         .allowHostMode(allowHostMode).build();
 *   }
 *   protected Kernel kernel() { return kernel; }
 * }
 * }</pre>
 */
public abstract class NetworkingContract {
  @TempDir Path stateDirectory;

  private final List<Networking> opened = new ArrayList<>();
  private Networking net;

  /** For subclasses, which make the backend under test. */
  protected NetworkingContract() {}

  /**
   * A Networking over a fresh host (the same host for every call within one test), with its
   * state in {@code stateDirectory}.
   */
  protected abstract Networking newNetworking(Path stateDirectory, boolean allowHostMode);

  /** A kernel port that sees the namespaces of the Networkings {@link #newNetworking} makes. */
  protected abstract Kernel kernel();

  /** Called after each test, once every Networking is closed, to release the host. */
  protected void afterNetworkingClosed() {}

  @BeforeEach
  final void openNetworking() {
    net = open(true);
  }

  @AfterEach
  final void closeNetworking() {
    try {
      if (net != null) {
        List<Sandbox> all = net.sandboxes();
        all.stream().filter(s -> s.owner().isPresent()).forEach(s -> net.removeSandbox(s.name()));
        all.stream().filter(s -> s.owner().isEmpty()).forEach(s -> net.removeSandbox(s.name()));
      }
    } finally {
      opened.forEach(Networking::close);
      afterNetworkingClosed();
    }
  }

  private Networking open(boolean allowHostMode) {
    Networking n = newNetworking(stateDirectory, allowHostMode);
    opened.add(n);
    return n;
  }

  @Test
  public void noneModeGivesANewNamespaceWithOnlyLoopbackUp() throws Exception {
    Sandbox quiet = net.createSandbox(spec("none", "quiet"));

    assertThat(quiet.namespace()).isNotEqualTo(kernel().namespaces().host().id());
    assertThat(quiet.namespacePath()).isPresent();
    try (NamespaceHandle ns = net.openNamespace("quiet")) {
      List<Link> links = kernel().links(ns).list();
      assertThat(links).extracting(Link::name).containsExactly("lo");
      assertThat(links.get(0).up()).isTrue();
      assertThat(kernel().addresses(ns).list()).extracting(AddressEntry::prefix)
          .contains(IpPrefix.parse("127.0.0.1/8"));
      assertThat(ns.id()).isEqualTo(quiet.namespace());
    }
  }

  @Test
  public void hostModeUsesTheHostNamespace() {
    Sandbox host = net.createSandbox(spec("host", "h1"));

    assertThat(host.namespace()).isEqualTo(kernel().namespaces().host().id());
    assertThat(host.namespacePath()).isEmpty();
    try (NamespaceHandle ns = net.openNamespace("h1")) {
      assertThat(ns.id()).isEqualTo(kernel().namespaces().host().id());
    }
  }

  @Test
  public void hostModeRefusedByPolicyIsAPolicyExceptionAndLeavesNothing() {
    Networking strict = open(false);

    assertThatThrownBy(() -> strict.createSandbox(spec("host", "h2")))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("h2");
    assertThat(strict.sandbox("h2")).isEmpty();
  }

  @Test
  public void containerModeSharesTheOwnersNamespace() {
    Sandbox owner = net.createSandbox(spec("none", "owner"));

    Sandbox sharer = net.createSandbox(spec("container:owner", "sharer"));

    assertThat(sharer.namespace()).isEqualTo(owner.namespace());
    assertThat(sharer.owner()).contains("owner");
    try (NamespaceHandle ns = net.openNamespace("sharer")) {
      assertThat(ns.id()).isEqualTo(owner.namespace());
    }
  }

  @Test
  public void joiningASharerJoinsItsOwner() {
    net.createSandbox(spec("none", "owner"));
    net.createSandbox(spec("container:owner", "first"));

    Sandbox second = net.createSandbox(spec("container:first", "second"));

    assertThat(second.owner()).contains("owner");
  }

  @Test
  public void removingAnOwnerWhileSharedIsAConflictNamingTheSharer() {
    net.createSandbox(spec("none", "owner"));
    net.createSandbox(spec("container:owner", "sharer"));

    assertThatThrownBy(() -> net.removeSandbox("owner"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("sharer");
    assertThat(net.sandbox("owner")).isPresent();
  }

  @Test
  public void removeDeletesTheNamespaceAndIsIdempotent() {
    net.createSandbox(spec("none", "gone"));

    assertThat(net.removeSandbox("gone")).isTrue();
    assertThat(net.removeSandbox("gone")).isFalse();
    assertThat(net.sandbox("gone")).isEmpty();
    assertThat(kernel().namespaces().list()).doesNotContain("gone");
    assertThatThrownBy(() -> net.openNamespace("gone")).isInstanceOf(NotFoundException.class);
  }

  @Test
  public void aTakenNameIsAConflictAndLeavesNothingBehind() {
    Sandbox first = net.createSandbox(spec("none", "taken"));
    List<String> namespacesBefore = kernel().namespaces().list();

    assertThatThrownBy(() -> net.createSandbox(spec("none", "taken")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("taken");
    assertThat(net.sandboxes()).extracting(Sandbox::id).containsExactly(first.id());
    assertThat(kernel().namespaces().list()).isEqualTo(namespacesBefore);
  }

  @Test
  public void aMissingContainerTargetIsNotFound() {
    assertThatThrownBy(() -> net.createSandbox(spec("container:nobody", "lonely")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("nobody");
    assertThat(net.sandbox("lonely")).isEmpty();
  }

  @Test
  public void aMissingNetworkIsNotFoundOnCreateAndOnConnect() {
    assertThatThrownBy(() -> net.createSandbox(spec("nosuchnet", "orphan")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("network not found: nosuchnet");
    assertThat(net.sandbox("orphan")).isEmpty();

    net.createSandbox(spec("none", "quiet"));
    assertThatThrownBy(() -> net.connect("quiet", net.parseMode("nosuchnet")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("network not found: nosuchnet");
  }

  @Test
  public void sandboxesAreFoundByNameAndIdPrefix() {
    Sandbox web = net.createSandbox(spec("none", "web"));

    assertThat(net.sandbox("web")).contains(web);
    assertThat(net.sandbox(web.id())).contains(web);
    assertThat(net.sandbox(web.shortId())).contains(web);
    assertThat(net.sandboxes()).extracting(Sandbox::name).contains("web");
    assertThat(web.id()).matches("[0-9a-f]{64}");
  }

  @Test
  public void anotherNetworkingOnTheSameStateSeesTheSandboxes() {
    Sandbox web = net.createSandbox(spec("none", "web"));

    Networking second = open(true);

    assertThat(second.sandbox("web")).contains(web);
  }

  private static SandboxSpec spec(String mode, String name) {
    return SandboxSpec.of(NetworkMode.parse(mode)).withName(name);
  }
}
