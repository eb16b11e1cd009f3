package io.netmodel.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.KernelException;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.PortRange;
import io.netmodel.api.net.Protocol;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.Links;
import io.netmodel.core.kernel.Ports;
import io.netmodel.core.kernel.Ports.HeldPort;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link LinuxPorts} against the real kernel: ports are held in a throwaway namespace that plays
 * the host, and JDK sockets made inside it (and inside a second namespace) show what other
 * programs can and cannot bind. Needs CAP_NET_ADMIN, CAP_SYS_ADMIN and {@code ip}; skips
 * without them, except under {@code CI=true}.
 */
class LinuxPortsLinuxTest {
  private static final InetAddress ANY4 = IpAddresses.parse("0.0.0.0");
  private static final InetAddress ANY6 = IpAddresses.parse("::");

  private ThrowawayHost host;
  private LinuxKernel kernel;
  private NamespaceHandle hostNs;
  private NamespaceHandle other;
  private Ports ports;
  private final List<HeldPort> held = new ArrayList<>();

  @BeforeEach
  void openKernel() {
    host = ThrowawayHost.create();
    kernel = LinuxKernel.open(host.netnsDirectory, Optional.of(host.file));
    hostNs = kernel.namespaces().host();
    // As on a real host, lo is up: until a namespace has an address the kernel has no local
    // routing table, and bind(2) then accepts any IPv4 address.
    Links links = kernel.links(hostNs);
    links.change(links.get(InterfaceName.of("lo")).orElseThrow().index(), LinkChange.setUp());
    ports = kernel.ports(hostNs);
  }

  @AfterEach
  void cleanUp() {
    try {
      held.forEach(HeldPort::close);
      if (other != null) {
        other.close();
        kernel.namespaces().delete("other");
      }
      if (kernel != null) {
        kernel.close();
      }
    } finally {
      if (host != null) {
        host.close();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"TCP", "UDP"})
  void heldPortIsRefusedToEveryOtherBindUntilClosed(Protocol protocol) throws Exception {
    HeldPort port = hold(ANY4, protocol, PortRange.of(40100));
    assertThat(port.port()).isEqualTo(40100);
    assertThat(port.address()).isEqualTo(ANY4);
    assertThat(port.protocol()).isEqualTo(protocol);

    assertThatThrownBy(() -> hold(ANY4, protocol, PortRange.of(40100)))
        .isInstanceOfSatisfying(KernelException.class, e -> {
          assertThat(e.errnoName()).isEqualTo("EADDRINUSE");
          assertThat(e.operation()).isEqualTo("bind");
          assertThat(e.object()).startsWith(protocol + " 0.0.0.0:40100 in netns ");
        });
    assertThat(jdkBinds(hostNs, protocol, ANY4, 40100)).as("a JDK socket while held").isFalse();

    port.close();
    port.close();

    assertThat(jdkBinds(hostNs, protocol, ANY4, 40100)).as("a JDK socket after close").isTrue();
  }

  @Test
  void anyPortIsTheKernelsChoiceFromTheNamespacesEphemeralRange() {
    kernel.sysctls(hostNs).set("ipv4/ip_local_port_range", "41000 41009");

    HeldPort tcp = hold(ANY4, Protocol.TCP, PortRange.ANY);
    HeldPort udp = hold(ANY6, Protocol.UDP, PortRange.ANY);

    assertThat(tcp.port()).isBetween(41000, 41009);
    assertThat(udp.port()).isBetween(41000, 41009);
  }

  @Test
  void rangeGivesItsFirstFreePortInOrder() {
    hold(ANY4, Protocol.TCP, PortRange.of(40200));

    assertThat(hold(ANY4, Protocol.TCP, PortRange.of(40200, 40205)).port()).isEqualTo(40201);
    assertThat(hold(ANY4, Protocol.TCP, PortRange.of(40200, 40205)).port()).isEqualTo(40202);
  }

  @Test
  void rangeWithEveryPortHeldIsEaddrinuseNamingTheRange() {
    hold(ANY4, Protocol.UDP, PortRange.of(40300));
    hold(ANY4, Protocol.UDP, PortRange.of(40301));

    assertThatThrownBy(() -> hold(ANY4, Protocol.UDP, PortRange.of(40300, 40301)))
        .isInstanceOfSatisfying(KernelException.class, e -> {
          assertThat(e.errnoName()).isEqualTo("EADDRINUSE");
          assertThat(e.object()).startsWith("udp 0.0.0.0:40300-40301 in netns ");
        });
  }

  @Test
  void tcpAndUdpOfOnePortAreHeldIndependently() {
    hold(ANY4, Protocol.TCP, PortRange.of(40400));
    hold(ANY4, Protocol.UDP, PortRange.of(40400));

    assertThatThrownBy(() -> hold(ANY4, Protocol.UDP, PortRange.of(40400)))
        .isInstanceOfSatisfying(KernelException.class,
            e -> assertThat(e.errnoName()).isEqualTo("EADDRINUSE"));
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"TCP", "UDP"})
  void unspecifiedAddressesOfBothFamiliesHoldOnePortSeparately(Protocol protocol) {
    hold(ANY4, protocol, PortRange.of(40500));
    HeldPort v6 = hold(ANY6, protocol, PortRange.of(40500));

    assertThat(v6.address()).isEqualTo(ANY6);
    assertThatThrownBy(() -> hold(ANY6, protocol, PortRange.of(40500)))
        .isInstanceOfSatisfying(KernelException.class, e -> {
          assertThat(e.errnoName()).isEqualTo("EADDRINUSE");
          assertThat(e.object()).startsWith(protocol + " [::]:40500 in netns ");
        });
  }

  @ParameterizedTest
  @CsvSource({"192.0.2.1, TCP", "192.0.2.1, UDP", "2001:db8::1, TCP"})
  void addressThatIsNotTheHostsIsEaddrnotavail(String address, Protocol protocol) {
    assertThatThrownBy(() -> hold(IpAddresses.parse(address), protocol, PortRange.of(40600)))
        .isInstanceOfSatisfying(KernelException.class, e -> {
          assertThat(e.errnoName()).isEqualTo("EADDRNOTAVAIL");
          assertThat(e.operation()).isEqualTo("bind");
        });
  }

  @Test
  void portIsHeldInItsNamespaceOnly() throws Exception {
    other = kernel.namespaces().create("other");
    hold(ANY4, Protocol.TCP, PortRange.of(40700));

    assertThat(jdkBinds(other, Protocol.TCP, ANY4, 40700)).isTrue();
    assertThat(jdkBinds(hostNs, Protocol.TCP, ANY4, 40700)).isFalse();
    HeldPort there = kernel.ports(other).hold(ANY4, Protocol.TCP, PortRange.of(40700));
    held.add(there);
    assertThat(there.port()).isEqualTo(40700);
  }

  @Test
  void sctpIsHeldWhereTheKernelHasItAndEprotonosupportWhereItHasNot() {
    Optional<KernelException> refused;
    try {
      HeldPort sctp = hold(ANY4, Protocol.SCTP, PortRange.of(40800));
      assertThat(sctp.port()).isEqualTo(40800);
      refused = Optional.empty();
    } catch (KernelException e) {
      refused = Optional.of(e);
    }

    // The sctp module, once loaded (socket(2) may load it), registers its sysctls.
    boolean kernelHasSctp = Files.isDirectory(Path.of("/proc/sys/net/sctp"));
    assertThat(refused.map(KernelException::errnoName))
        .isEqualTo(kernelHasSctp ? Optional.empty() : Optional.of("EPROTONOSUPPORT"));
  }

  private HeldPort hold(InetAddress address, Protocol protocol, PortRange candidates) {
    HeldPort port = ports.hold(address, protocol, candidates);
    held.add(port);
    return port;
  }

  /** Whether a JDK socket made inside {@code ns} can bind the address and port. */
  private static boolean jdkBinds(
      NamespaceHandle ns, Protocol protocol, InetAddress address, int port) throws Exception {
    return ns.call(() -> {
      InetSocketAddress where = new InetSocketAddress(address, port);
      try {
        if (protocol == Protocol.TCP) {
          try (ServerSocket s = new ServerSocket()) {
            s.bind(where);
          }
        } else {
          try (DatagramSocket s = new DatagramSocket(null)) {
            s.bind(where);
          }
        }
        return true;
      } catch (BindException e) {
        return false;
      } catch (IOException e) {
        throw new AssertionError("binding " + where + " failed otherwise", e);
      }
    });
  }
}
