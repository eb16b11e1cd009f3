package io.netmodel.api.mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkModeTest {

  @ParameterizedTest(name = "{0} parses as {1}")
  @CsvSource({
    "host, Host",
    "none, None",
    "bridge, Bridge",
    "default, Bridge",
    "container:web, Container",
    "container:0123456789ab, Container",
    "mynet, Bridge",
    "my_net.v2-1, Bridge",
  })
  void parsesDockerNetworkValues(String value, String type) {
    assertThat(NetworkMode.parse(value).getClass().getSimpleName()).isEqualTo(type);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(
      strings = {
        "", "container:", " host", "host ", "my net", "-net", "_net", "container: web",
        "container:a/b", "a:b", "net\t", "ünï"
      })
  void refusesWhatDockerRefusesQuotingTheValue(String value) {
    assertThatThrownBy(() -> NetworkMode.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(value.isEmpty() ? "empty" : "\"" + value + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"host", "none", "bridge", "container:con1", "mynet"})
  void toStringRoundTripsThroughParse(String value) {
    NetworkMode mode = NetworkMode.parse(value);
    assertThat(mode.toString()).isEqualTo(value);
    assertThat(NetworkMode.parse(mode.toString())).isEqualTo(mode);
  }

  @Test
  void containerKeepsItsReference() {
    assertThat(NetworkMode.parse("container:con1")).isEqualTo(Container.of("con1"));
    assertThat(((Container) NetworkMode.parse("container:con1")).ref()).isEqualTo("con1");
  }

  @Test
  void userNetworkResolvesToItsDriversMode() {
    assertThat(NetworkMode.parse("lan", name -> Optional.of("macvlan")))
        .isEqualTo(Macvlan.of("lan"));
    assertThat(NetworkMode.parse("l3", name -> Optional.of("ipvlan"))).isEqualTo(Ipvlan.of("l3"));
    assertThat(NetworkMode.parse("ov", name -> Optional.of("overlay"))).isEqualTo(Overlay.of("ov"));
    assertThat(NetworkMode.parse("br", name -> Optional.empty())).isEqualTo(Bridge.of("br"));
    assertThatThrownBy(() -> NetworkMode.parse("x", name -> Optional.of("weird")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"weird\"");
  }

  @Test
  void networkIsPresentOnlyForNetworkAttachedModes() {
    assertThat(NetworkMode.parse("host").network()).isEmpty();
    assertThat(NetworkMode.parse("none").network()).isEmpty();
    assertThat(NetworkMode.parse("container:a").network()).isEmpty();
    assertThat(NetworkMode.parse("bridge").network()).contains("bridge");
  }

  @ParameterizedTest(name = "a network named {0} of driver {0} resolves to a mode of that driver")
  @ValueSource(strings = {"bridge", "macvlan", "ipvlan", "overlay"})
  void attachedModesNameTheirDriverAndCarryTheirEndpointOptions(String driver) {
    EndpointOptions options = EndpointOptions.defaults().withAliases(java.util.List.of("db"));
    NetworkMode mode = NetworkMode.parse("net1", name -> Optional.of(driver));
    NetworkMode withOptions = mode.withEndpointOptions(options);

    assertThat(mode.driver()).contains(driver);
    assertThat(mode.endpointOptions()).contains(EndpointOptions.defaults());
    assertThat(withOptions.endpointOptions()).contains(options);
  }

  @ParameterizedTest
  @ValueSource(strings = {"host", "none", "container:a"})
  void namespaceModesHaveNoDriverNorEndpointOptions(String value) {
    NetworkMode mode = NetworkMode.parse(value);
    assertThat(mode.driver()).isEmpty();
    assertThat(mode.endpointOptions()).isEmpty();
    assertThatThrownBy(() -> mode.withEndpointOptions(EndpointOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"host", "none", "container:a", "macvlan"})
  void onlyBridgeModePublishesPorts(String value) {
    NetworkMode mode = NetworkMode.parse(value, name -> Optional.of(name));
    java.util.List<io.netmodel.api.net.PortMapping> ports =
        java.util.List.of(io.netmodel.api.net.PortMapping.parse("8080:80"));

    assertThat(mode.publish()).isEmpty();
    assertThat(mode.withPublish(java.util.List.of())).isSameAs(mode);
    assertThatThrownBy(() -> mode.withPublish(ports))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8080:80/tcp")
        .hasMessageContaining("bridge");
    NetworkMode bridge = NetworkMode.parse("bridge");
    assertThat(bridge.withPublish(ports).publish()).isEqualTo(ports);
  }

  /** Every permitted record dispatches to a visitor method of its own, and all are covered. */
  @Test
  void visitorCoversEveryPermittedModeExactlyOnce() {
    Class<?>[] permitted = NetworkMode.class.getPermittedSubclasses();
    Set<String> visitorMethods = new HashSet<>();
    for (Method m : NetworkMode.Visitor.class.getDeclaredMethods()) {
      visitorMethods.add(m.getParameterTypes()[0].getSimpleName());
    }
    assertThat(visitorMethods)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(permitted).map(Class::getSimpleName).toList());

    NetworkMode[] samples = {
      Host.INSTANCE,
      None.INSTANCE,
      Container.of("c"),
      Bridge.of("b"),
      Macvlan.of("m"),
      Ipvlan.of("i"),
      Overlay.of("o")
    };
    assertThat(Arrays.stream(samples).map(Object::getClass).toList())
        .containsExactlyInAnyOrder(permitted);
    Set<String> seen = new HashSet<>();
    for (NetworkMode mode : samples) {
      String visited = mode.accept(new NamingVisitor());
      assertThat(visited).isEqualTo(mode.getClass().getSimpleName());
      seen.add(visited);
    }
    assertThat(seen).hasSize(permitted.length);
  }

  private static final class NamingVisitor implements NetworkMode.Visitor<String> {
    @Override
    public String host(Host mode) {
      return "Host";
    }

    @Override
    public String none(None mode) {
      return "None";
    }

    @Override
    public String container(Container mode) {
      return "Container";
    }

    @Override
    public String bridge(Bridge mode) {
      return "Bridge";
    }

    @Override
    public String macvlan(Macvlan mode) {
      return "Macvlan";
    }

    @Override
    public String ipvlan(Ipvlan mode) {
      return "Ipvlan";
    }

    @Override
    public String overlay(Overlay mode) {
      return "Overlay";
    }
  }
}
