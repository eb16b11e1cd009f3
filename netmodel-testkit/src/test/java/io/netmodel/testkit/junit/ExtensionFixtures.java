package io.netmodel.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.api.Networking;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.testkit.kernel.FakeKernel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Test classes that {@link FakeNetworkingExtensionTest} runs through EngineTestKit; the name
 * keeps surefire from running them on their own.
 */
final class ExtensionFixtures {
  // What the fixtures saw, read after the engine has run them.
  static final List<FakeKernel> KERNELS = new ArrayList<>();
  static final List<Networking> NETWORKINGS = new ArrayList<>();
  static final List<Boolean> OPEN_IN_AFTER_EACH = new ArrayList<>();

  private ExtensionFixtures() {}

  static class FieldsAndParameters {
    @FakeNet Networking net;
    @FakeNet private FakeKernel kernel;

    @Test
    void test(Networking netParameter, @FakeNet FakeKernel kernelParameter) {
      assertThat(netParameter).isSameAs(net);
      assertThat(kernelParameter).isSameAs(kernel);
      net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("quiet"));
      assertThat(kernel.namespaces().list()).hasSize(1);
    }
  }

  @ExtendWith(FakeNetworkingExtension.class)
  static class PassingAndFailing {
    FakeKernel seen;

    @BeforeEach
    void remember(FakeKernel kernel, Networking net) {
      seen = kernel;
      KERNELS.add(kernel);
      NETWORKINGS.add(net);
    }

    @AfterEach
    void checkStillOpen() {
      OPEN_IN_AFTER_EACH.add(seen.namespaces().list().isEmpty());
    }

    @Test
    void passes() {}

    @Test
    void fails() {
      throw new AssertionError("failing on purpose");
    }
  }

  static class StaticField {
    @FakeNet static FakeKernel kernel;

    @BeforeAll
    static void remember(FakeKernel parameter) {
      KERNELS.add(parameter);
    }

    @Test
    void first() {
      KERNELS.add(kernel);
    }

    @Test
    void second() {
      KERNELS.add(kernel);
    }
  }

  @ExtendWith(FakeNetworkingExtension.class)
  static class RegisteredTwice {
    @FakeNet Networking net;

    @Test
    void test(Networking parameter) {
      assertThat(parameter).isSameAs(net);
    }
  }

  static class StringField {
    @FakeNet String name;

    @Test
    void test() {}
  }

  static class StaticObjectField {
    @FakeNet static Object shared;

    @Test
    void test() {}
  }

  static class FinalField {
    @FakeNet final Networking net = null;

    @Test
    void test() {}
  }

  static class StringParameter {
    @Test
    void test(@FakeNet String value) {}
  }
}
