package io.netmodel.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.NotFoundException;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Sysctls;
import io.netmodel.linux.ns.LinuxNamespaces;
import io.netmodel.linux.sys.Syscalls;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sysctls are read and written in the namespace they belong to, and nowhere else. */
class LinuxSysctlsLinuxTest {
  @TempDir Path temp;
  private LinuxKernel kernel;
  private NamespaceHandle ns;

  @BeforeEach
  void openKernel() {
    KernelPrivilege.requireNamespaceAdmin();
    kernel = LinuxKernel.open(temp.resolve("netns"), Optional.empty());
    ns = kernel.namespaces().create("nms-" + ProcessHandle.current().pid());
  }

  @AfterEach
  void cleanUp() {
    if (ns != null) {
      ns.close();
      kernel.namespaces().delete("nms-" + ProcessHandle.current().pid());
    }
    if (kernel != null) {
      kernel.close();
      // The netns directory was made a (shared) mount point of itself, as ip netns does.
      Syscalls.umount2(temp.resolve("netns"), Syscalls.MNT_DETACH);
    }
  }

  @Test
  void aValueLongerThanOneCharacterIsReadWhole() {
    Sysctls sysctls = kernel.sysctls(ns);

    sysctls.set("ipv4/ip_local_port_range", "40000 40999");

    // procfs answers EOF to a read past offset 0; a value must come back in one read.
    assertThat(sysctls.get("ipv4/ip_local_port_range")).contains("40000\t40999");
    assertThat(sysctls.get("core/somaxconn")).hasValueSatisfying(v -> assertThat(v).hasSizeGreaterThan(1));
  }

  @Test
  void setChangesTheNamespaceOnlyAsAnIndependentReaderSees() throws Exception {
    Sysctls sysctls = kernel.sysctls(ns);
    String hostBefore = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).trim();
    String wanted = hostBefore.equals("1") ? "0" : "1";

    sysctls.set("ipv4/ip_forward", wanted);

    assertThat(sysctls.get("ipv4/ip_forward")).contains(wanted);
    assertThat(nsenterCat(ns.path().orElseThrow(), "/proc/sys/net/ipv4/ip_forward"))
        .isEqualTo(wanted);
    assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).trim())
        .isEqualTo(hostBefore);
  }

  @Test
  void missingKeysAreEmptyOnReadAndNotFoundOnWrite() {
    Sysctls sysctls = kernel.sysctls(ns);

    assertThat(sysctls.get("ipv6/conf/eth9/disable_ipv6")).isEmpty();
    assertThatThrownBy(() -> sysctls.set("ipv6/conf/eth9/disable_ipv6", "1"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("net/ipv6/conf/eth9/disable_ipv6");
  }

  @Test
  void anIpv6SysctlIsWrittenFromTheCallingThreadIntoTheNamespaceAlone() throws Exception {
    Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/proc/sys/net/ipv6")), "this kernel has no IPv6");
    String otherName = "nmo-" + ProcessHandle.current().pid();
    try (NamespaceHandle other = kernel.namespaces().create(otherName)) {
      // The namespace's own lo, and a device made after the port opened the namespace.
      kernel
          .links(ns)
          .add(
              new LinkSpec.Veth(
                  InterfaceName.of("nmsv0"), LinkOptions.none(), InterfaceName.of("nmsv1"), ns,
                  LinkOptions.none()));
      Sysctls direct = new LinuxSysctls(refusingTasks(ns), kernel.directSysctls(ns));
      AtomicReference<Object> outcome = new AtomicReference<>();
      // The caller sits in yet another namespace: a path resolved by the caller's namespace
      // would reach that one's lo, and find no nmsv0 at all.
      Thread caller =
          new Thread(
              () -> {
                try {
                  Syscalls.setns(LinuxNamespaces.fdOf(other), Syscalls.CLONE_NEWNET, otherName);
                  direct.set("ipv6/conf/lo/hop_limit", "33");
                  direct.set("ipv6/conf/nmsv0/disable_ipv6", "1");
                  outcome.set(direct.get("ipv6/conf/lo/hop_limit"));
                } catch (RuntimeException | Error e) {
                  outcome.set(e);
                }
              });
      caller.start();
      caller.join(10_000);

      assertThat(outcome.get()).isEqualTo(Optional.of("33"));
      Path inside = ns.path().orElseThrow();
      assertThat(nsenterCat(inside, "/proc/sys/net/ipv6/conf/lo/hop_limit")).isEqualTo("33");
      assertThat(nsenterCat(inside, "/proc/sys/net/ipv6/conf/nmsv0/disable_ipv6")).isEqualTo("1");
      assertThat(nsenterCat(inside, "/proc/sys/net/ipv6/conf/nmsv1/disable_ipv6")).isEqualTo("0");
      assertThat(nsenterCat(other.path().orElseThrow(), "/proc/sys/net/ipv6/conf/lo/hop_limit"))
          .isEqualTo("64");
    } finally {
      kernel.namespaces().delete(otherName);
    }
  }

  @Test
  void ipv6SysctlsOfMoreNamespacesThanOneProcfsInstanceServesLandEachInItsOwn() throws Exception {
    Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/proc/sys/net/ipv6")), "this kernel has no IPv6");
    int count = ProcInstances.SHARE + 4;
    List<String> names = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        String name = "nmp-" + ProcessHandle.current().pid() + "-" + i;
        names.add(name);
        try (NamespaceHandle each = kernel.namespaces().create(name)) {
          // Refusing tasks: only the directory held since the creation can serve this write.
          new LinuxSysctls(refusingTasks(each), kernel.directSysctls(each))
              .set("ipv6/conf/lo/hop_limit", Integer.toString(30 + i));
        }
      }

      for (int i = 0; i < count; i++) {
        assertThat(nsenterCat(kernel.namespaces().directory().resolve(names.get(i)),
                "/proc/sys/net/ipv6/conf/lo/hop_limit"))
            .as(names.get(i))
            .isEqualTo(Integer.toString(30 + i));
      }
    } finally {
      names.forEach(kernel.namespaces()::delete);
    }
  }

  @Test
  void otherSysctlsAreReachedFromInsideTheNamespace() throws Exception {
    assertThat(kernel.directSysctls(ns).open("ipv4/ip_forward", Set.of(StandardOpenOption.READ)))
        .isNull();
    assertThat(kernel.directSysctls(ns).open("ipv6/conf/lo/hop_limit", Set.of(StandardOpenOption.READ)))
        .satisfiesAnyOf(
            file -> assertThat(file).isNull(), // a kernel without IPv6
            file -> {
              assertThat(file).isNotNull();
              file.close();
            });
  }

  /** {@code ns}'s identity, but any task sent into it fails the test. */
  private static NamespaceHandle refusingTasks(NamespaceHandle ns) {
    return new NamespaceHandle() {
      @Override
      public NamespaceId id() {
        return ns.id();
      }

      @Override
      public Optional<String> name() {
        return ns.name();
      }

      @Override
      public Optional<Path> path() {
        return ns.path();
      }

      @Override
      public <T> T call(Callable<T> task) {
        throw new AssertionError("a task was sent into the namespace");
      }

      @Override
      public void run(Runnable task) {
        throw new AssertionError("a task was sent into the namespace");
      }

      @Override
      public Process start(ProcessBuilder builder) {
        throw new AssertionError("a process was started in the namespace");
      }

      @Override
      public void close() {}
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../kernel/hostname", "/ipv4/ip_forward", "ipv4//ip_forward", ""})
  void refusesKeysOutsideNet(String key) {
    assertThatThrownBy(() -> kernel.sysctls(ns).get(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + key + "\"");
  }

  private static String nsenterCat(Path namespace, String file) throws Exception {
    Process p =
        new ProcessBuilder("nsenter", "--net=" + namespace, "cat", file)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
