package io.netmodel.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.NotFoundException;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.core.kernel.Sysctls;
import io.netmodel.linux.sys.Syscalls;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
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
