package io.netmodel.api.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkSpecTest {

  private static final Map<Class<?>, NetworkSpec> SAMPLES =
      Map.of(
          BridgeNetworkSpec.class, BridgeNetworkSpec.builder("b").build(),
          MacvlanNetworkSpec.class, MacvlanNetworkSpec.of("m", ParentInterface.parse("eth0")),
          IpvlanNetworkSpec.class, IpvlanNetworkSpec.of("i", ParentInterface.parse("eth0")),
          OverlayNetworkSpec.class, OverlayNetworkSpec.of("o"));

  /** Answers the class whose visitor method was called. */
  private static final NetworkSpec.Visitor<Class<?>> WHICH =
      new NetworkSpec.Visitor<>() {
        @Override
        public Class<?> bridge(BridgeNetworkSpec spec) {
          return BridgeNetworkSpec.class;
        }

        @Override
        public Class<?> macvlan(MacvlanNetworkSpec spec) {
          return MacvlanNetworkSpec.class;
        }

        @Override
        public Class<?> ipvlan(IpvlanNetworkSpec spec) {
          return IpvlanNetworkSpec.class;
        }

        @Override
        public Class<?> overlay(OverlayNetworkSpec spec) {
          return OverlayNetworkSpec.class;
        }
      };

  @Test
  void visitorHasOneMethodPerPermittedRecord() {
    Set<Class<?>> permitted = Set.of(NetworkSpec.class.getPermittedSubclasses());
    Set<Class<?>> visited =
        Arrays.stream(NetworkSpec.Visitor.class.getDeclaredMethods())
            .map(Method::getParameterTypes)
            .peek(types -> assertThat(types).hasSize(1))
            .map(types -> types[0])
            .collect(Collectors.toSet());
    assertThat(visited).isEqualTo(permitted);
    assertThat(NetworkSpec.Visitor.class.getDeclaredMethods()).hasSameSizeAs(permitted);
    assertThat(SAMPLES.keySet()).isEqualTo(permitted);
  }

  @Test
  void eachRecordDispatchesToItsOwnVisitorMethod() {
    for (Class<?> type : NetworkSpec.class.getPermittedSubclasses()) {
      NetworkSpec sample = SAMPLES.get(type);
      assertThat(sample).as(type.getSimpleName()).isInstanceOf(type);
      assertThat(sample.accept(WHICH)).as(type.getSimpleName()).isEqualTo(type);
    }
  }

  @Test
  void eachRecordNamesItsDriver() {
    assertThat(SAMPLES.get(BridgeNetworkSpec.class).driver()).isEqualTo("bridge");
    assertThat(SAMPLES.get(MacvlanNetworkSpec.class).driver()).isEqualTo("macvlan");
    assertThat(SAMPLES.get(IpvlanNetworkSpec.class).driver()).isEqualTo("ipvlan");
    assertThat(SAMPLES.get(OverlayNetworkSpec.class).driver()).isEqualTo("overlay");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "web", "my_net.v2-1", "0net", "N"})
  void acceptsDockerNetworkNames(String name) {
    assertThat(NetworkSpec.checkName(name)).isEqualTo(name);
    assertThat(BridgeNetworkSpec.builder(name).build().name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-net", "_net", ".net", "my net", "a/b", "a:b", "ünï", "net\t"})
  void refusesOtherNetworkNamesQuotingThem(String name) {
    assertThatThrownBy(() -> OverlayNetworkSpec.of(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[a-zA-Z0-9][a-zA-Z0-9_.-]*")
        .hasMessageEndingWith("\"" + name + "\"");
  }

  @Test
  void refusesOverlongAndReservedNames() {
    assertThat(NetworkSpec.checkName("a".repeat(128))).hasSize(128);
    assertThatThrownBy(() -> NetworkSpec.checkName("a".repeat(129)))
        .hasMessageContaining("128 characters at most");
    assertThatThrownBy(() -> NetworkSpec.checkName("host"))
        .hasMessage("network name is reserved for a network mode: \"host\"");
    assertThatThrownBy(() -> NetworkSpec.checkName("none"))
        .hasMessage("network name is reserved for a network mode: \"none\"");
  }
}
