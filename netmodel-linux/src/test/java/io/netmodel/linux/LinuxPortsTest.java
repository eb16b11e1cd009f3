package io.netmodel.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.net.IpAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The socket addresses {@link LinuxPorts} hands to bind(2), byte for byte. */
class LinuxPortsTest {

  @Test
  void ipv4AddressIsASockaddrInWithThePortInNetworkOrder() {
    ByteBuffer b = LinuxPorts.sockaddr(IpAddresses.parse("10.1.2.3"), 8080);

    assertThat(b.isDirect()).isTrue();
    assertThat(b.position()).isZero();
    assertThat(b.limit()).isEqualTo(16);
    assertThat(b.duplicate().order(ByteOrder.nativeOrder()).getShort(0))
        .as("sin_family").isEqualTo((short) 2);
    assertThat(bytes(b, 2, 14))
        .containsExactly(0x1f, (byte) 0x90, 10, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void ipv6AddressIsASockaddrIn6WithItsScopeId() throws Exception {
    byte[] fe80 = IpAddresses.parse("fe80::1").getAddress();
    Inet6Address scoped = Inet6Address.getByAddress(null, fe80, 7);

    ByteBuffer b = LinuxPorts.sockaddr(scoped, 443);

    assertThat(b.limit()).isEqualTo(28);
    ByteBuffer n = b.duplicate().order(ByteOrder.nativeOrder());
    assertThat(n.getShort(0)).as("sin6_family").isEqualTo((short) 10);
    assertThat(bytes(b, 2, 2)).as("sin6_port").containsExactly(1, (byte) 0xbb);
    assertThat(bytes(b, 4, 4)).as("sin6_flowinfo").containsExactly(0, 0, 0, 0);
    assertThat(bytes(b, 8, 16)).as("sin6_addr").containsExactly(fe80);
    assertThat(n.getInt(24)).as("sin6_scope_id").isEqualTo(7);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 80, 8080, 32768, 65535})
  void portIsReadBackFromEitherFamily(int port) {
    assertThat(LinuxPorts.portOf(LinuxPorts.sockaddr(IpAddresses.parse("0.0.0.0"), port)))
        .isEqualTo(port);
    assertThat(LinuxPorts.portOf(LinuxPorts.sockaddr(IpAddresses.parse("::"), port)))
        .isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 65536})
  void refusesPortsOutsideTheirRange(int port) {
    InetAddress any = IpAddresses.parse("0.0.0.0");
    assertThatThrownBy(() -> LinuxPorts.sockaddr(any, port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port out of range 0..65535: " + port);
  }

  private static byte[] bytes(ByteBuffer b, int offset, int length) {
    byte[] out = new byte[length];
    b.duplicate().position(offset).get(out);
    return out;
  }
}
