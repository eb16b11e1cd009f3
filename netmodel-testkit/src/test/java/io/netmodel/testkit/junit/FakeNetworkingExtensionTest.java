package io.netmodel.testkit.junit;

import static io.netmodel.testkit.junit.ExtensionFixtures.KERNELS;
import static io.netmodel.testkit.junit.ExtensionFixtures.NETWORKINGS;
import static io.netmodel.testkit.junit.ExtensionFixtures.OPEN_IN_AFTER_EACH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.netmodel.testkit.kernel.FakeKernel;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class FakeNetworkingExtensionTest {

  @BeforeEach
  void forgetWhatFixturesSaw() {
    KERNELS.clear();
    NETWORKINGS.clear();
    OPEN_IN_AFTER_EACH.clear();
  }

  @Test
  void injectsFieldsAndParametersWithOneNetworkingOverOneKernel() {
    Events tests = run(ExtensionFixtures.FieldsAndParameters.class).testEvents();

    tests.assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  @Test
  void givesEachTestMethodFreshFakesAndClosesThemEvenWhenTheTestFails() {
    Events tests = run(ExtensionFixtures.PassingAndFailing.class).testEvents();

    tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
    assertThat(KERNELS).hasSize(2).doesNotHaveDuplicates();
    assertThat(NETWORKINGS).hasSize(2).doesNotHaveDuplicates();
    for (FakeKernel kernel : KERNELS) {
      assertThatThrownBy(kernel::namespaces)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }

  @Test
  void closesOnlyAfterTheAfterEachMethods() {
    run(ExtensionFixtures.PassingAndFailing.class);

    assertThat(OPEN_IN_AFTER_EACH).containsExactly(true, true);
  }

  @Test
  void sharesStaticFieldsAcrossTheClassAndClosesThemAfterIt() {
    Events tests = run(ExtensionFixtures.StaticField.class).testEvents();

    tests.assertStatistics(stats -> stats.started(2).succeeded(2));
    assertThat(KERNELS).hasSize(3).containsOnly(KERNELS.get(0));
    assertThatThrownBy(KERNELS.get(0)::namespaces).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void worksWhenRegisteredBothOnTheClassAndThroughTheAnnotation() {
    Events tests = run(ExtensionFixtures.RegisteredTwice.class).testEvents();

    tests.assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  static Stream<Arguments> misuses() {
    return Stream.of(
        Arguments.of(
            ExtensionFixtures.StringField.class,
            ExtensionConfigurationException.class,
            "@FakeNet fields must be of type Networking or FakeKernel, not java.lang.String:"
                + " field name in " + ExtensionFixtures.StringField.class.getName()),
        Arguments.of(
            ExtensionFixtures.StaticObjectField.class,
            ExtensionConfigurationException.class,
            "@FakeNet fields must be of type Networking or FakeKernel, not java.lang.Object:"
                + " field shared in " + ExtensionFixtures.StaticObjectField.class.getName()),
        Arguments.of(
            ExtensionFixtures.FinalField.class,
            ExtensionConfigurationException.class,
            "@FakeNet fields must not be final: field net in "
                + ExtensionFixtures.FinalField.class.getName()),
        Arguments.of(
            ExtensionFixtures.StringParameter.class,
            ParameterResolutionException.class,
            "@FakeNet parameters must be of type Networking or FakeKernel, not java.lang.String:"
                + " parameter "));
  }

  @ParameterizedTest
  @MethodSource("misuses")
  void reportsMisuseByStatingTheRuleThenTheValue(
      Class<?> fixture, Class<? extends Throwable> type, String message) {
    Events failed = run(fixture).allEvents().failed();

    Throwable thrown =
        failed.stream()
            .flatMap(event -> event.getPayload(TestExecutionResult.class).stream())
            .flatMap(result -> result.getThrowable().stream())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no failure reported for " + fixture));
    assertThat(thrown).isInstanceOf(type).hasMessageContaining(message);
  }

  private static EngineExecutionResults run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
  }
}
